# The analytics refresh fault soak on the systemd path (tests/Ops.Host.Tests/Soak): three
# simulated hosts against one PostgreSQL, deployed by the playbook, the debounce check started
# by its timer and the job through polkitd; random stops, restarts and SIGKILLs of the job,
# reboots, PostgreSQL restarts, dropped sessions, timeouts, jobs that exit 0 on SIGTERM or leave
# a statement running, quiet gaps. Then the same with each of three broken builds of the product,
# which the soak must catch. Ends with
# "soak: N schedules, M changes, L lost, D overlapping runs, K of K mutants caught".
# SOAK_SCHEDULES (default 200), SOAK_MUTANT_SCHEDULES (default 12) and SOAK_SEED (default:
# random, printed) set its size and seed. Runs the soak's test with those settings; needs the
# test images (sudo bash .ci/run builds them) and starts no PostgreSQL of the benchmark's.
# Sourced by bench/run.sh; writes $RESULTS_DIR/soak-systemd.txt.
# shellcheck shell=bash

scenario_soak_systemd() {
  local schedules="${SOAK_SCHEDULES:-200}" mutants="${SOAK_MUTANT_SCHEDULES:-12}" seed="${SOAK_SEED:-$(( (RANDOM << 15) | RANDOM ))}"
  log "soak-systemd: $schedules schedules, $mutants for each mutant, seed $seed (about 5 s each)"
  local status=0
  # Bounded: 200 schedules take about 25 minutes here; a stuck run ends after 90.
  COCKTAILDB_SOAK_SCHEDULES="$schedules" COCKTAILDB_SOAK_MUTANT_SCHEDULES="$mutants" COCKTAILDB_SOAK_SEED="$seed" \
    timeout 5400 dotnet test "$REPO_DIR/tests/Ops.Host.Tests" --filter "FullyQualifiedName~SystemdSoakTests" \
    --logger "console;verbosity=detailed" -nologo 2>&1 | tee "$RESULTS_DIR/soak-systemd.log" || status=$?
  grep -E '^\s*(seed |mutant |soak: |[0-9.]+ min$)' "$RESULTS_DIR/soak-systemd.log" | sed 's/^\s*//' | tee "$RESULTS_DIR/soak-systemd.txt"
  [ "$status" -eq 0 ] || die "the systemd soak failed: see $RESULTS_DIR/soak-systemd.log"
}
