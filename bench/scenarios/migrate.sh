# Issue 3: migrate with 200 trivial migrations, apply-all on an empty database and no-op on an
# up-to-date one: cocktaildb-ops beside dbmate, the seed's run-migrations.sh and bare-connect.
# Sourced by bench/run.sh after start_postgres; writes $RESULTS_DIR/migrate-*.{json,md}.
# shellcheck shell=bash

# dbmate_env_file <database>: a 0600 file with DATABASE_URL for dbmate's --env-file, so the
# password reaches dbmate without being on any command line.
dbmate_env_file() {
  local file="$WORK_DIR/dbmate-$1.env"
  (umask 077 && printf 'DATABASE_URL=postgres://%s:%s@%s:%s/%s?sslmode=disable\n' "$DB_USER" "$DB_PASSWORD" "$DB_HOST" "$DB_PORT" "$1" >"$file")
  echo "$file"
}

scenario_migrate() {
  local gen="$WORK_DIR/gen" out="$RESULTS_DIR"
  local seed_env="MIGRATIONS_DIR=$gen/seed/migrations"
  local names=(cocktaildb-ops dbmate seed-run-migrations.sh bare-connect)
  cmd_for() { # cmd_for <tool> <database>: one command line, no shell needed (hyperfine -N)
    case "$1" in
      cocktaildb-ops) echo "env DB_NAME=$2 $OPS_GEN_BIN migrate" ;;
      dbmate) echo "$DBMATE_BIN --env-file $(dbmate_env_file "$2") --migrations-dir $gen/dbmate --no-dump-schema up" ;;
      seed-run-migrations.sh) echo "env DB_NAME=$2 $seed_env bash $BENCH_DIR/seed/run-migrations.sh" ;;
      bare-connect) echo "env DB_NAME=$2 $BARE_BIN" ;;
      server-floor) echo "env DB_NAME=$2 bash $BENCH_DIR/lib/one-message.sh run $2 $gen/one-message.sql" ;;
    esac
  }

  # --- no-op: one up-to-date database per tool (each keeps its own ledger) ----------------
  log "migrate no-op: preparing up-to-date databases"
  ops_noop_db mig_noop_ops
  recreate_db mig_noop_dbmate
  "$DBMATE_BIN" --env-file "$(dbmate_env_file mig_noop_dbmate)" --migrations-dir "$gen/dbmate" --no-dump-schema up >/dev/null
  # The seed's state after a full run, written in one go rather than with its 601 psql calls:
  # its ledger table (as the script creates it) with one row per file, and the 200 tables.
  recreate_db mig_noop_seed
  {
    echo "CREATE TABLE schema_migrations (filename TEXT PRIMARY KEY, applied_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP);"
    local f
    for f in "$gen"/seed/migrations/*.sql; do
      cat "$f"
      echo "INSERT INTO schema_migrations (filename) VALUES ('$(basename "$f")');"
    done
  } | psql_run mig_noop_seed
  local check
  check="$(env DB_NAME=mig_noop_seed MIGRATIONS_DIR="$gen/seed/migrations" bash "$BENCH_DIR/seed/run-migrations.sh" 2>&1)"
  case "$check" in *Applying*) die "the seed script was not up to date: $check" ;; esac
  [ "$(sql_in mig_noop_dbmate 'SELECT count(*) FROM schema_migrations')" = 200 ] || die "dbmate did not record 200 migrations"

  log "migrate no-op: hyperfine (about 1 minute)"
  local args=() tool
  for tool in "${names[@]}"; do
    local db=mig_noop_ops
    case "$tool" in dbmate) db=mig_noop_dbmate ;; seed-run-migrations.sh) db=mig_noop_seed ;; esac
    args+=(-n "$tool" "$(cmd_for "$tool" "$db")")
  done
  timeout 300 hyperfine -N --style basic --warmup 2 --min-runs 3 --max-runs 100 \
    --export-json "$out/migrate-noop.json" "${args[@]}" >"$out/migrate-noop.txt"
  log "migrate no-op: interleaved samples of the fast tools (CPU, RSS)"
  timeout 300 python3 "$BENCH_DIR/lib/sample.py" --runs "${BENCH_NOOP_SAMPLES:-100}" --warmup 3 --json "$out/migrate-noop-sample.json" \
    --cmd "cocktaildb-ops::$(cmd_for cocktaildb-ops mig_noop_ops)" \
    --cmd "dbmate::$(cmd_for dbmate mig_noop_dbmate)" \
    --cmd "bare-connect::$(cmd_for bare-connect mig_noop_ops)"

  # --- apply-all: every run starts from an empty database (hyperfine --prepare) ------------
  bash "$BENCH_DIR/lib/one-message.sh" build "$gen/seed/migrations" "$gen/one-message.sql"
  log "migrate apply-all: hyperfine (the seed script takes tens of seconds per run)"
  args=()
  local prepares=()
  # server-floor: the database's own work for the same 200 commits, in one round trip (lib/one-message.sh).
  for tool in "${names[@]}" server-floor; do
    local db="mig_apply_${tool%%[-.]*}"
    prepares+=(--prepare "bash $BENCH_DIR/lib/recreate-db.sh $db")
    args+=(-n "$tool" "$(cmd_for "$tool" "$db")")
  done
  timeout 420 hyperfine -N --style basic --min-runs "${BENCH_APPLY_MIN_RUNS:-3}" --max-runs 10 \
    --export-json "$out/migrate-apply.json" "${prepares[@]}" "${args[@]}" >"$out/migrate-apply.txt"
  for tool in cocktaildb dbmate seed server; do
    local n
    n="$(sql_in "mig_apply_$tool" "SELECT count(*) FROM pg_tables WHERE tablename LIKE 't\_%'")"
    [ "$n" = 200 ] || die "$tool left $n of 200 tables in mig_apply_$tool"
  done
  log "migrate apply-all: interleaved runs of the fast tools and the server floor"
  local samples=()
  for tool in cocktaildb-ops dbmate server-floor; do
    local db="mig_apply_${tool%%[-.]*}"
    samples+=(--cmd "$tool::$(cmd_for "$tool" "$db")" --prep "$tool::bash $BENCH_DIR/lib/recreate-db.sh $db")
  done
  timeout 300 python3 "$BENCH_DIR/lib/sample.py" --runs "${BENCH_APPLY_SAMPLES:-16}" --warmup 1 \
    --json "$out/migrate-apply-sample.json" "${samples[@]}"

  # Where apply-all's time goes: one more run of each fast tool into a database that logs every
  # statement's server-side duration (log_min_duration_statement = 0; a COMMIT's duration
  # includes its WAL flush). Wall time minus server time is the tool's own share: process
  # start, connecting, round trips and client work.
  log "migrate apply-all: server time per statement kind"
  local split="$out/migrate-apply-split.md"
  {
    echo "| tool | wall (ms) | server: COMMIT (ms) | server: CREATE TABLE t_NNN (ms) | server: everything else (ms) | server total (ms) | wall - server (ms) | statements/messages logged |"
    echo "|---|---|---|---|---|---|---|---|"
  } >"$split"
  for tool in cocktaildb-ops dbmate; do
    local db="mig_split_${tool%%[-.]*}" before start end
    recreate_db "$db"
    sql_in postgres "ALTER DATABASE $db SET log_min_duration_statement = 0" >/dev/null
    before="$(server_log_lines | wc -l)"
    start="$(date +%s%N)"
    $(cmd_for "$tool" "$db") >/dev/null 2>&1 || die "$tool failed on $db"
    end="$(date +%s%N)"
    sleep 0.5 # let the log catch up
    server_log_lines | tail -n +"$((before + 1))" | awk -v tool="$tool" -v wall="$(((end - start) / 1000000))" '
      match($0, /duration: [0-9.]+ ms/) {
        ms = substr($0, RSTART + 10, RLENGTH - 13) + 0
        text = tolower(substr($0, RSTART + RLENGTH))
        n++
        if (text ~ /commit/) commit += ms
        # dbmate sends "-- migrate:up" and the CREATE TABLE on the following log line
        else if (text ~ /create table t_[0-9]/ || text ~ /migrate:up/) create += ms
        else other += ms
      }
      END {
        total = commit + create + other
        printf "| `%s` | %d | %.0f | %.0f | %.0f | %.0f | %.0f | %d |\n", tool, wall, commit, create, other, total, wall - total, n
      }' >>"$split"
  done

  {
    echo "Measured $(machine_note)"
    echo
    echo "No-op (up-to-date database, hyperfine):"
    echo
    python3 "$BENCH_DIR/lib/summarize.py" hyperfine "$out/migrate-noop.json" --base bare-connect --vs dbmate
    echo
    echo "No-op, interleaved (sample.py, ${BENCH_NOOP_SAMPLES:-100} rounds):"
    echo
    python3 "$BENCH_DIR/lib/summarize.py" sample "$out/migrate-noop-sample.json" --base bare-connect
    echo
    echo "Apply-all (200 migrations into an empty database, hyperfine --prepare recreates it):"
    echo
    python3 "$BENCH_DIR/lib/summarize.py" hyperfine "$out/migrate-apply.json" --base bare-connect --vs dbmate
    echo
    echo "Apply-all, interleaved (sample.py, ${BENCH_APPLY_SAMPLES:-16} rounds, database recreated before every run):"
    echo
    python3 "$BENCH_DIR/lib/summarize.py" sample "$out/migrate-apply-sample.json" --base dbmate
    echo
    echo "Apply-all, one run each with server-side statement durations logged:"
    echo
    cat "$split"
  } >"$out/migrate.md"
  cat "$out/migrate.md"
}
