# Issue 11: migrate at the server's floor. Apply-all of the 200 generated migrations beside
# server-floor (the same 200 committed transactions sent by psql as one message), and a no-op
# migrate beside bare-connect, all four interleaved in one sample.py run so that every one of
# them sees the same load. Sourced by bench/run.sh after start_postgres; writes
# $RESULTS_DIR/migrate-floor.{json,md}.
# shellcheck shell=bash

scenario_migrate_floor() {
  local gen="$WORK_DIR/gen" out="$RESULTS_DIR" rounds="${BENCH_FLOOR_ROUNDS:-60}"
  bash "$BENCH_DIR/lib/one-message.sh" build "$gen/seed/migrations" "$gen/one-message.sql"
  log "migrate-floor: preparing an up-to-date database for the no-op"
  ops_noop_db floor_noop

  log "migrate-floor: $rounds interleaved rounds of apply-all, server-floor, no-op and bare-connect"
  timeout 900 python3 "$BENCH_DIR/lib/sample.py" --runs "$rounds" --warmup 2 --json "$out/migrate-floor.json" \
    --cmd "apply-all::env DB_NAME=floor_apply $OPS_GEN_BIN migrate" \
    --prep "apply-all::bash $BENCH_DIR/lib/recreate-db.sh floor_apply" \
    --cmd "server-floor::env DB_NAME=floor_server bash $BENCH_DIR/lib/one-message.sh run floor_server $gen/one-message.sql" \
    --prep "server-floor::bash $BENCH_DIR/lib/recreate-db.sh floor_server" \
    --cmd "no-op::env DB_NAME=floor_noop $OPS_GEN_BIN migrate" \
    --cmd "bare-connect::env DB_NAME=floor_noop $BARE_BIN"
  local db n
  for db in floor_apply floor_server; do
    n="$(sql_in "$db" "SELECT count(*) FROM pg_tables WHERE tablename LIKE 't\_%'")"
    [ "$n" = 200 ] || die "$db has $n of 200 tables after its last run"
  done

  python3 "$BENCH_DIR/lib/summarize.py" pairs "$out/migrate-floor.json" apply-all:server-floor:1.15 no-op:bare-connect:1.10 \
    >"$out/migrate-floor.md"
  {
    echo "Measured $(machine_note)"
    echo
    cat "$out/migrate-floor.md"
  } >"$out/migrate-floor.full.md"
  cat "$out/migrate-floor.full.md"
}
