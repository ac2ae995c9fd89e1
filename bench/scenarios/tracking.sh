# What change tracking costs writers. pgbench, 8 clients, on databases built from the core of
# infrastructure/postgres/schema.sql with the same preloaded data:
#   none  - no tracking
#   seed  - migration 09 (statement triggers updating the single analytics_refresh_state row)
#   ours  - the repository's full schema.sql (analytics_changes, one row per transaction, noted
#           by one statement trigger per table: migration 17)
#   rows  - bulk writes only: the design before 17 (migrations 09, 14, 15, 16: BEFORE UPDATE OR
#           DELETE row triggers gated by a WHEN clause, a statement trigger for inserts)
# Two pgbench workloads (tracking/recipe-edit.pgbench, tracking/one-update.pgbench), and bulk
# writes of 100k rows of recipes: a COPY (any BEFORE ROW INSERT trigger makes PostgreSQL insert
# them one at a time instead of in batches), an UPDATE and a DELETE of all of them (a BEFORE
# UPDATE or DELETE row trigger makes PostgreSQL lock each row before its WHEN clause is looked
# at). Runs are interleaved (round 1: none seed ... ours, round 2: ours ... none) so that load
# from elsewhere on the machine falls on all alike. Every run starts from a fresh copy of its
# template database after a CHECKPOINT.
# Sourced by bench/run.sh after start_postgres; writes $RESULTS_DIR/tracking.{tsv,md}.
# shellcheck shell=bash

scenario_tracking() {
  local out="$RESULTS_DIR" rounds="${BENCH_TRACKING_ROUNDS:-4}" seconds="${BENCH_TRACKING_SECONDS:-5}"
  local clients="${BENCH_TRACKING_CLIENTS:-8}"

  log "tracking: building the template databases"
  local variant m
  for variant in none seed rows ours; do
    recreate_db "trk_tpl_$variant"
    case "$variant" in
      none) core_schema ;;
      seed) core_schema; cat "$REPO_DIR/migrations/09_migration_add_analytics_refresh_state.sql" ;;
      # Each migration in a transaction of its own, as cocktaildb-ops applies it.
      rows) core_schema; for m in 09 14 15 16; do echo "BEGIN;"; cat "$REPO_DIR"/migrations/"$m"_migration_*.sql; echo "COMMIT;"; done ;;
      ours) cat "$REPO_DIR/infrastructure/postgres/schema.sql" ;;
    esac | psql_run "trk_tpl_$variant"
    psql_run "trk_tpl_$variant" -f "$BENCH_DIR/tracking/dataset.sql"
    # Start idle: what loading the data recorded is not part of the measurement.
    case "$variant" in
      seed) sql_in trk_tpl_seed "UPDATE analytics_refresh_state SET dirty_at = NULL" >/dev/null ;;
      ours | rows) sql_in "trk_tpl_$variant" "DELETE FROM analytics_changes" >/dev/null ;;
    esac
    sql_in "trk_tpl_$variant" "VACUUM ANALYZE" >/dev/null
  done
  [ "$(sql_in trk_tpl_ours "SELECT count(*) FROM pg_trigger WHERE tgname LIKE 'analytics%' AND tgtype & 1 = 0")" = 7 ] || die "trk_tpl_ours lacks its 7 statement triggers"
  [ "$(sql_in trk_tpl_rows "SELECT count(*) FROM pg_trigger WHERE tgname LIKE 'analytics%' AND tgtype & 1 = 1")" = 7 ] || die "trk_tpl_rows lacks 16's 7 row triggers"
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

  # Bulk writes take about a second each here, so they get twice the rounds of pgbench.
  local copy_rows="${BENCH_COPY_ROWS:-100000}" copy_rounds="${BENCH_COPY_ROUNDS:-$((rounds * 2))}"
  local csv="$WORK_DIR/copy-recipes.csv" op
  psql -qX -d postgres -c "\\copy (SELECT 'copied ' || g, 'Stir and strain.', 'bulk load' FROM generate_series(1, $copy_rows) g) TO '$csv' CSV"
  for op in copy update delete; do : >"$out/$op.tsv"; done
  log "tracking: COPY, UPDATE and DELETE of $copy_rows rows of recipes, $copy_rounds rounds x 4 databases"
  for r in $(seq 1 "$copy_rounds"); do
    if [ $((r % 2)) = 1 ]; then order="none seed rows ours"; else order="ours rows seed none"; fi
    for variant in $order; do
      recreate_db trk_run "trk_tpl_$variant"
      for op in copy update delete; do
        sql_in postgres "CHECKPOINT" >/dev/null
        local start_ns end_ns
        start_ns="$(date +%s%N)"
        case "$op" in
          copy) psql_run trk_run -c "\\copy recipes (name, instructions, description) FROM '$csv' CSV" ;;
          update) psql_run trk_run -c "UPDATE recipes SET description = 'edited in bulk' WHERE name LIKE 'copied %'" ;;
          delete) psql_run trk_run -c "DELETE FROM recipes WHERE name LIKE 'copied %'" ;;
        esac
        end_ns="$(date +%s%N)"
        printf '%s\t%s\t%s\n' "$r" "$variant" "$(((end_ns - start_ns) / 1000000))" >>"$out/$op.tsv"
        log "  round $r $op $variant: $(((end_ns - start_ns) / 1000000)) ms"
      done
      [ "$(sql_in trk_run "SELECT count(*) FROM recipes WHERE name LIKE 'copied %'")" = 0 ] || die "the DELETE left copied rows"
      case "$variant" in
        ours | rows) [ "$(sql_in trk_run "SELECT count(*) FROM analytics_changes")" = 3 ] || die "$variant did not note each bulk write once" ;;
      esac
    done
  done

  {
    echo "Measured $(machine_note); pgbench $clients clients, -j 2, -T $seconds per run, $rounds rounds"
    echo
    python3 "$BENCH_DIR/lib/summarize.py" pgbench "$tsv"
    echo
    for op in copy update delete; do
      echo
      case "$op" in
        copy) echo "COPY of $copy_rows rows into recipes (psql \\copy, one transaction), $copy_rounds rounds:" ;;
        update) echo "UPDATE of those $copy_rows rows (one statement), $copy_rounds rounds:" ;;
        delete) echo "DELETE of those $copy_rows rows (one statement), $copy_rounds rounds:" ;;
      esac
      echo
      python3 "$BENCH_DIR/lib/summarize.py" copy "$out/$op.tsv"
    done
  } >"$out/tracking.md"
  cat "$out/tracking.md"
}
