# Issue 4: what change tracking costs writers. pgbench, 8 clients, on three databases built
# from the core of infrastructure/postgres/schema.sql with the same preloaded data:
#   none  - no tracking
#   seed  - migration 09 (statement triggers updating the single analytics_refresh_state row)
#   ours  - the repository's full schema.sql (analytics_changes, one row per transaction)
# Two pgbench workloads (tracking/recipe-edit.pgbench, tracking/one-update.pgbench), and a bulk
# load: COPY of 100k rows into recipes (any BEFORE ROW INSERT trigger makes PostgreSQL insert
# them one at a time instead of in batches, so this is where a row trigger costs most). Runs are
# interleaved (round 1: none seed ours, round 2: ours seed none, ...) so that load from
# elsewhere on the machine falls on all three alike. Every run starts from a fresh copy of its
# template database after a CHECKPOINT.
# Sourced by bench/run.sh after start_postgres; writes $RESULTS_DIR/tracking.{tsv,md}.
# shellcheck shell=bash

scenario_tracking() {
  local out="$RESULTS_DIR" rounds="${BENCH_TRACKING_ROUNDS:-4}" seconds="${BENCH_TRACKING_SECONDS:-5}"
  local clients="${BENCH_TRACKING_CLIENTS:-8}"

  log "tracking: building the template databases"
  local variant
  for variant in none seed ours; do
    recreate_db "trk_tpl_$variant"
    case "$variant" in
      none) core_schema ;;
      seed) core_schema; cat "$REPO_DIR/migrations/09_migration_add_analytics_refresh_state.sql" ;;
      ours) cat "$REPO_DIR/infrastructure/postgres/schema.sql" ;;
    esac | psql_run "trk_tpl_$variant"
    psql_run "trk_tpl_$variant" -f "$BENCH_DIR/tracking/dataset.sql"
    # Start idle: what loading the data recorded is not part of the measurement.
    case "$variant" in
      seed) sql_in trk_tpl_seed "UPDATE analytics_refresh_state SET dirty_at = NULL" >/dev/null ;;
      ours) sql_in trk_tpl_ours "DELETE FROM analytics_changes" >/dev/null ;;
    esac
    sql_in "trk_tpl_$variant" "VACUUM ANALYZE" >/dev/null
  done
  [ "$(sql_in trk_tpl_ours "SELECT count(*) FROM pg_trigger WHERE tgname LIKE 'analytics%'")" -gt 7 ] || die "trk_tpl_ours has no tracking triggers"
  [ "$(sql_in trk_tpl_seed "SELECT count(*) FROM pg_trigger WHERE tgname LIKE 'analytics%'")" = 7 ] || die "trk_tpl_seed lacks 09's 7 triggers"
  [ "$(sql_in trk_tpl_none "SELECT count(*) FROM pg_trigger WHERE tgname LIKE 'analytics%'")" = 0 ] || die "trk_tpl_none has tracking triggers"

  local tsv="$out/tracking.tsv" r w order
  : >"$tsv"
  log "tracking: $rounds rounds x 2 workloads x 3 databases x ${seconds}s, $clients clients"
  for r in $(seq 1 "$rounds"); do
    if [ $((r % 2)) = 1 ]; then order="none seed ours"; else order="ours seed none"; fi
    for w in recipe-edit one-update; do
      for variant in $order; do
        recreate_db trk_run "trk_tpl_$variant"
        sql_in postgres "CHECKPOINT" >/dev/null
        local log_file="$out/pgbench-r$r-$w-$variant.log"
        local tps latency failed count wal_before wal_per_tx
        wal_before="$(sql_in postgres "SELECT pg_current_wal_insert_lsn()")"
        timeout $((seconds + 60)) "$PG_BIN/pgbench" -n -c "$clients" -j 2 -T "$seconds" \
          -f "$BENCH_DIR/tracking/$w.pgbench" trk_run >"$log_file" 2>&1 || { cat "$log_file" >&2; die "pgbench failed"; }
        tps="$(sed -n 's/^tps = \([0-9.]*\) .*/\1/p' "$log_file")"
        latency="$(sed -n 's/^latency average = \([0-9.]*\) ms/\1/p' "$log_file")"
        failed="$(sed -n 's/^number of failed transactions: \([0-9]*\).*/\1/p' "$log_file")"
        count="$(sed -n 's/^number of transactions actually processed: \([0-9]*\).*/\1/p' "$log_file")"
        # WAL written per transaction: with synchronous_commit=on every commit waits for its flush.
        wal_per_tx="$(sql_in postgres "SELECT round(pg_wal_lsn_diff(pg_current_wal_insert_lsn(), '$wal_before') / greatest($count, 1))")"
        printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$r" "$w" "$variant" "$tps" "$latency" "${failed:-0}" "$wal_per_tx" >>"$tsv"
        log "  round $r $w $variant: $tps tps"
      done
    done
  done
  # The tracking did track: a run of ours leaves one analytics_changes row per transaction.
  [ "$(sql_in trk_run "SELECT count(*) > 0 FROM pg_tables WHERE tablename = 'analytics_changes'")" = f ] \
    || [ "$(sql_in trk_run "SELECT count(*) FROM analytics_changes")" -gt 0 ] || die "ours recorded no changes"

  # A COPY of 100k rows takes about a second here, so it gets twice the rounds of pgbench.
  local copy_rows="${BENCH_COPY_ROWS:-100000}" copy_rounds="${BENCH_COPY_ROUNDS:-$((rounds * 2))}"
  local copy_tsv="$out/copy.tsv" csv="$WORK_DIR/copy-recipes.csv"
  psql -qX -d postgres -c "\\copy (SELECT 'copied ' || g, 'Stir and strain.', 'bulk load' FROM generate_series(1, $copy_rows) g) TO '$csv' CSV"
  : >"$copy_tsv"
  log "tracking: COPY of $copy_rows rows into recipes, $copy_rounds rounds x 3 databases"
  for r in $(seq 1 "$copy_rounds"); do
    if [ $((r % 2)) = 1 ]; then order="none seed ours"; else order="ours seed none"; fi
    for variant in $order; do
      recreate_db trk_run "trk_tpl_$variant"
      sql_in postgres "CHECKPOINT" >/dev/null
      local start_ns end_ns
      start_ns="$(date +%s%N)"
      psql_run trk_run -c "\\copy recipes (name, instructions, description) FROM '$csv' CSV"
      end_ns="$(date +%s%N)"
      printf '%s\t%s\t%s\n' "$r" "$variant" "$(((end_ns - start_ns) / 1000000))" >>"$copy_tsv"
      log "  round $r copy $variant: $(((end_ns - start_ns) / 1000000)) ms"
    done
  done
  [ "$(sql_in trk_run "SELECT count(*) FROM recipes")" -ge "$copy_rows" ] || die "the COPY loaded too few rows"

  {
    echo "Measured $(machine_note); pgbench $clients clients, -j 2, -T $seconds per run, $rounds rounds"
    echo
    python3 "$BENCH_DIR/lib/summarize.py" pgbench "$tsv"
    echo
    echo "COPY of $copy_rows rows into recipes (psql \\copy, one transaction), $copy_rounds rounds:"
    echo
    python3 "$BENCH_DIR/lib/summarize.py" copy "$copy_tsv"
  } >"$out/tracking.md"
  cat "$out/tracking.md"
}
