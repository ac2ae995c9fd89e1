#!/bin/bash
# Side-by-side benchmarks of cocktaildb-ops (issues 3 and 4). See bench/README.md.
#
#   bash bench/run.sh migrate     # issue 3: apply-all and no-op with 200 migrations
#   bash bench/run.sh migrate-floor   # issue 11: apply-all vs server-floor, no-op vs bare-connect, interleaved
#   bash bench/run.sh debounce    # issue 4: idle debounce tick (wall, CPU, peak RSS)
#   bash bench/run.sh tracking    # issue 4: pgbench write overhead of change tracking
#   bash bench/run.sh soak        # analytics refresh fault soak, debounce --run-command (SOAK_SCHEDULES, default 500)
#   bash bench/run.sh soak-systemd    # the fault soak on three simulated hosts under systemd (SOAK_SCHEDULES, default 200)
#   bash bench/run.sh all         # all three against one PostgreSQL
#   bash bench/run.sh setup       # only install tools and build the binaries
#
# Starts its own PostgreSQL on 127.0.0.1 (a docker container, removed on exit; BENCH_PG=local
# for a pg_ctl cluster instead) and writes results to artifacts/bench/results/.
set -euo pipefail
# shellcheck source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
source "$BENCH_DIR/scenarios/migrate.sh"
source "$BENCH_DIR/scenarios/migrate-floor.sh"
source "$BENCH_DIR/scenarios/debounce.sh"
source "$BENCH_DIR/scenarios/tracking.sh"
source "$BENCH_DIR/scenarios/soak.sh"
source "$BENCH_DIR/scenarios/soak-systemd.sh"

usage() { awk 'NR > 1 && !/^#/ { exit } NR > 1 { sub(/^# ?/, ""); print }' "${BASH_SOURCE[0]}"; }

[ "$#" -gt 0 ] || { usage; exit 2; }
scenarios=()
for arg in "$@"; do
  case "$arg" in
    migrate | migrate-floor | debounce | tracking | soak | soak-systemd | setup) scenarios+=("$arg") ;;
    all) scenarios+=(migrate debounce tracking) ;;
    -h | --help) usage; exit 0 ;;
    *) usage >&2; exit 2 ;;
  esac
done

mkdir -p "$WORK_DIR" "$RESULTS_DIR"
ensure_tools
wants() { local s; for s in "${scenarios[@]}"; do [ "$s" = "$1" ] && return 0; done; return 1; }
if wants setup || wants migrate || wants migrate-floor || wants debounce; then build_bare; fi
if wants setup || wants migrate || wants migrate-floor; then build_ops_gen; fi
if wants setup || wants debounce || wants soak; then build_ops_repo; fi

if [ "${scenarios[*]}" = setup ]; then
  log "setup done"
  exit 0
fi

if [ "${scenarios[*]}" = soak-systemd ]; then
  scenario_soak_systemd
  exit 0
fi

log "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) (other work on this machine moves every figure: compare ratios within one run)"
start_postgres
for s in "${scenarios[@]}"; do
  case "$s" in
    migrate) scenario_migrate ;;
    migrate-floor) scenario_migrate_floor ;;
    debounce) scenario_debounce ;;
    tracking) scenario_tracking ;;
    soak) scenario_soak ;;
  esac
done
log "results in ${RESULTS_DIR#"$REPO_DIR"/}"
