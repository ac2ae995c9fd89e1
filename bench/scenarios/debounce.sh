# Issue 4: one idle debounce tick, as a whole process: cocktaildb-ops beside the seed's
# analytics-debounce-check.sh and bare-connect. Wall time with hyperfine; CPU time and peak RSS
# per process from wait4 over N interleaved runs (lib/sample.py).
# Sourced by bench/run.sh after start_postgres; writes $RESULTS_DIR/debounce-*.{json,md}.
# shellcheck shell=bash

scenario_debounce() {
  local out="$RESULTS_DIR" n="${BENCH_DEBOUNCE_SAMPLES:-200}"

  log "debounce: preparing databases"
  # cocktaildb-ops: the repository's schema and migrations, installed by the binary itself.
  recreate_db deb_ops
  DB_NAME=deb_ops "$OPS_REPO_BIN" migrate >/dev/null 2>&1 || die "cocktaildb-ops migrate failed on deb_ops"
  # The seed: the core schema plus migration 09 exactly as production ran it (its
  # analytics_refresh_state table; in deb_ops migration 14 replaced that table with a view).
  recreate_db deb_seed
  core_schema | psql_run deb_seed
  psql_run deb_seed -f "$REPO_DIR/migrations/09_migration_add_analytics_refresh_state.sql"

  local ops_cmd="env DB_NAME=deb_ops $OPS_REPO_BIN debounce --run-command /bin/true --quiet-period 15m"
  local seed_cmd="env DB_NAME=deb_seed bash $BENCH_DIR/seed/analytics-debounce-check.sh"
  local bare_cmd="env DB_NAME=deb_ops $BARE_BIN"
  local check
  check="$($ops_cmd 2>&1)" || die "cocktaildb-ops debounce failed: $check"
  case "$check" in *idle*) ;; *) die "cocktaildb-ops debounce was not an idle tick: $check" ;; esac
  $seed_cmd >/dev/null 2>&1 || die "the seed's debounce script failed"
  [ "$(sql_in deb_seed 'SELECT last_run_at IS NULL FROM analytics_refresh_state')" = t ] || die "the seed tick was not idle"

  log "debounce: hyperfine (wall time)"
  timeout 300 hyperfine -N --style basic --warmup 5 --min-runs 40 --max-runs 200 \
    --export-json "$out/debounce.json" \
    -n cocktaildb-ops "$ops_cmd" -n seed-analytics-debounce-check.sh "$seed_cmd" -n bare-connect "$bare_cmd" \
    >"$out/debounce.txt"

  log "debounce: $n interleaved runs each (CPU time, peak RSS)"
  timeout 400 python3 "$BENCH_DIR/lib/sample.py" --runs "$n" --warmup 5 --json "$out/debounce-sample.json" \
    --cmd "cocktaildb-ops::$ops_cmd" --cmd "seed-analytics-debounce-check.sh::$seed_cmd" --cmd "bare-connect::$bare_cmd"

  {
    echo "Measured $(machine_note)"
    echo
    echo "Wall time (hyperfine):"
    echo
    python3 "$BENCH_DIR/lib/summarize.py" hyperfine "$out/debounce.json" --base bare-connect
    echo
    echo "Per process over $n interleaved rounds (wait4 rusage):"
    echo
    python3 "$BENCH_DIR/lib/summarize.py" sample "$out/debounce-sample.json" --base bare-connect --vs seed-analytics-debounce-check.sh
  } >"$out/debounce.md"
  cat "$out/debounce.md"
}
