# The analytics refresh fault soak (bench/Soak): random schedules of writers on the seven
# watched tables, three debounce checks as three hosts, jobs that fail, overrun or are killed
# with their check, dropped connections and a server restart every 100 schedules, against the
# benchmark's PostgreSQL. Ends with "soak: N schedules, M changes, L lost, D concurrent runs".
# SOAK_SCHEDULES (default 500) and SOAK_SEED (default: random, printed) set its size and seed.
# Sourced by bench/run.sh after start_postgres; writes $RESULTS_DIR/soak.txt.
# shellcheck shell=bash

scenario_soak() {
  local schedules="${SOAK_SCHEDULES:-500}" seed="${SOAK_SEED:-$(( (RANDOM << 15) | RANDOM ))}" restart=()
  [ -n "$PG_CONTAINER" ] && restart=(--container "$PG_CONTAINER" --restart-every 100)
  log "soak: $schedules schedules, seed $seed (about 2 s each)"
  timeout 600 dotnet build "$BENCH_DIR/Soak/Soak.csproj" -c Release -nologo -v quiet -o "$WORK_DIR/bin/soak" \
    --artifacts-path "$WORK_DIR/build/soak" >"$WORK_DIR/soak-build.log" 2>&1 \
    || { tail -20 "$WORK_DIR/soak-build.log" >&2; die "build of bench/Soak failed"; }
  local status=0
  # Bounded: 500 schedules take about 20 minutes here; a stuck run ends after 90.
  timeout 5400 dotnet "$WORK_DIR/bin/soak/soak.dll" --binary "$OPS_REPO_BIN" --schedules "$schedules" --seed "$seed" \
    "${restart[@]}" 2>&1 | tee "$RESULTS_DIR/soak.txt" || status=$?
  [ "$status" -eq 0 ] || die "the soak found lost changes or overlapping runs (or failed): see $RESULTS_DIR/soak.txt"
}
