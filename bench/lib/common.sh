# Shared by bench/run.sh and the scenario scripts: paths, tools, builds and the PostgreSQL
# server the benchmarks run against. Source it; don't execute it.
# shellcheck shell=bash

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
REPO_DIR="$(cd "$BENCH_DIR/.." && pwd)"
# Everything generated (builds, migration folders, results) lives under artifacts/, which git ignores.
WORK_DIR="${BENCH_WORK_DIR:-$REPO_DIR/artifacts/bench}"
RESULTS_DIR="$WORK_DIR/results"
PG_BIN="${PG_BIN:-/usr/lib/postgresql/15/bin}"
PG_IMAGE="${BENCH_PG_IMAGE:-cocktaildb-test/postgres:15}"
DBMATE_VERSION="2.36.0"

OPS_REPO_BIN="$WORK_DIR/bin/ops-repo/cocktaildb-ops"   # the repository's migrations + schema.sql
OPS_GEN_BIN="$WORK_DIR/bin/ops-gen200/cocktaildb-ops"  # 200 generated migrations, no schema file
BARE_BIN="$WORK_DIR/bin/bare-connect/bare-connect"
# The Go binary itself: node_modules/.bin/dbmate is a Node launcher that would add Node's start-up.
DBMATE_BIN="$BENCH_DIR/node_modules/@dbmate/linux-x64/bin/dbmate"

log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "error: $*"; exit 1; }

# ---------------------------------------------------------------------------------------
# Tools

ensure_tools() {
  local missing=()
  command -v hyperfine >/dev/null || missing+=(hyperfine)
  command -v jq >/dev/null || missing+=(jq)
  command -v psql >/dev/null || missing+=(postgresql-client)
  [ -x "$PG_BIN/pgbench" ] || missing+=(postgresql-15)
  if [ "${#missing[@]}" -gt 0 ]; then
    log "installing ${missing[*]} (apt-get)"
    timeout 300 apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive timeout 600 apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
  command -v python3 >/dev/null || die "python3 is needed for the CPU/RSS sampler and the summaries"
  command -v dotnet >/dev/null || die "the .NET SDK is needed to publish the AOT binaries"
  if [ ! -x "$DBMATE_BIN" ] || [ "$("$DBMATE_BIN" --version 2>/dev/null)" != "dbmate version $DBMATE_VERSION" ]; then
    log "installing dbmate $DBMATE_VERSION into bench/node_modules (npm)"
    command -v npm >/dev/null || die "npm is needed to install dbmate"
    (cd "$BENCH_DIR" && timeout 300 npm install --no-package-lock --no-audit --no-fund --loglevel=error >/dev/null)
    [ -x "$DBMATE_BIN" ] || die "dbmate did not install at $DBMATE_BIN"
  fi
  # Both the seed scripts and cocktaildb-ops read /opt/cocktaildb/.env when it exists; its
  # settings would silently replace the benchmark database's.
  [ ! -e /opt/cocktaildb/.env ] || die "/opt/cocktaildb/.env exists on this machine; move it away while benchmarking"
}

# ---------------------------------------------------------------------------------------
# Builds (dotnet publish is incremental: a second call with no change takes a couple of seconds)

publish() { # publish <project> <out dir> <artifacts dir> [extra msbuild args...]
  local project="$1" out="$2" artifacts="$3"
  shift 3
  log "publishing $(basename "$project") -> ${out#"$REPO_DIR"/}"
  timeout 600 dotnet publish "$project" -c Release -r linux-x64 -nologo -v quiet \
    -o "$out" --artifacts-path "$artifacts" "$@" >"$WORK_DIR/publish.log" 2>&1 \
    || { tail -30 "$WORK_DIR/publish.log" >&2; die "publish of $project failed"; }
}

build_bare() {
  publish "$BENCH_DIR/BareConnect/BareConnect.csproj" "$WORK_DIR/bin/bare-connect" "$WORK_DIR/build/bare-connect"
}

build_ops_repo() {
  # A private artifacts path keeps this build out of src/Ops.Aot/obj, which others may be using.
  publish "$REPO_DIR/src/Ops.Aot/Ops.Aot.csproj" "$WORK_DIR/bin/ops-repo" "$WORK_DIR/build/ops-repo"
}

build_ops_gen() {
  bash "$BENCH_DIR/lib/gen-migrations.sh" "$WORK_DIR/gen" 200
  publish "$REPO_DIR/src/Ops.Aot/Ops.Aot.csproj" "$WORK_DIR/bin/ops-gen200" "$WORK_DIR/build/ops-gen200" \
    "-p:MigrationsDir=$WORK_DIR/gen/ops/" "-p:SchemaFile=$WORK_DIR/gen/no-schema-file.sql"
}

# ---------------------------------------------------------------------------------------
# PostgreSQL: a throwaway server on loopback with durable commits (the product's reality).
#   BENCH_PG=docker (default): cocktaildb-test/postgres:15 on the host network, listening on
#                              127.0.0.1 only. BENCH_DOCKER_NET=publish publishes the port on
#                              127.0.0.1 instead (-p 127.0.0.1::5432), which puts docker-proxy,
#                              a user-space copy of every byte, between client and server: on 2
#                              cores it took a third of pgbench's one-statement throughput here
#                              and would flatter the tracking ratios.
#   BENCH_PG=local           : a pg_ctl cluster of $PG_BIN run by the unprivileged user 'benchpg'
# Both use scram-sha-256 password logins over TCP, like production.

PG_CONTAINER=""
PG_LOCAL_DIR=""
PG_SETTINGS=(-c synchronous_commit=on -c fsync=on)

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

start_postgres() {
  export DB_HOST=127.0.0.1 DB_USER=postgres DB_PASSWORD="bench-$$-pw" DB_NAME=postgres
  export PGHOST=127.0.0.1 PGUSER=postgres PGPASSWORD="$DB_PASSWORD" PGDATABASE=postgres PGCONNECT_TIMEOUT=5
  case "${BENCH_PG:-docker}" in
    docker) start_postgres_docker ;;
    local) start_postgres_local ;;
    *) die "BENCH_PG must be docker or local" ;;
  esac
  export PGPORT="$DB_PORT"
  local i
  for i in $(seq 1 150); do
    if psql -qtAc 'SELECT 1' >/dev/null 2>&1; then
      log "PostgreSQL $(psql -qtAc 'SHOW server_version') ready on 127.0.0.1:$DB_PORT ($(psql -qtAc 'SHOW fsync')/$(psql -qtAc 'SHOW synchronous_commit'): fsync/synchronous_commit)"
      return 0
    fi
    sleep 0.2
  done
  die "PostgreSQL did not become ready on 127.0.0.1:$DB_PORT"
}

start_postgres_docker() {
  command -v docker >/dev/null || die "docker is not installed (or run with BENCH_PG=local)"
  docker image inspect "$PG_IMAGE" >/dev/null 2>&1 \
    || die "image $PG_IMAGE is missing: build it with bash tests/postgres-image/build-image.sh"
  PG_CONTAINER="cocktaildb-bench-$$"
  trap stop_postgres EXIT
  trap 'exit 130' INT TERM
  if [ "${BENCH_DOCKER_NET:-host}" = host ]; then
    DB_PORT="$(free_port)"
    docker run -d --rm --name "$PG_CONTAINER" --label cocktaildb-bench=1 --network host \
      -e POSTGRES_PASSWORD="$DB_PASSWORD" -e POSTGRES_INITDB_ARGS=--auth-host=scram-sha-256 \
      "$PG_IMAGE" -c listen_addresses=127.0.0.1 -c port="$DB_PORT" "${PG_SETTINGS[@]}" >/dev/null
  else
    docker run -d --rm --name "$PG_CONTAINER" --label cocktaildb-bench=1 -p 127.0.0.1::5432 \
      -e POSTGRES_PASSWORD="$DB_PASSWORD" "$PG_IMAGE" "${PG_SETTINGS[@]}" >/dev/null
    local i
    for i in $(seq 1 50); do
      DB_PORT="$(docker port "$PG_CONTAINER" 5432/tcp 2>/dev/null | head -1 | sed 's/.*://')"
      [ -n "$DB_PORT" ] && break
      sleep 0.1
    done
  fi
  export DB_PORT
  # The image's entrypoint runs a temporary server for initdb's scripts first; with the host
  # network that one listens on our port too, so wait for the real start before probing.
  local i
  for i in $(seq 1 300); do
    docker logs "$PG_CONTAINER" 2>&1 | grep -q 'init process complete' && break
    docker inspect -f '{{.State.Running}}' "$PG_CONTAINER" 2>/dev/null | grep -q true || die "container $PG_CONTAINER stopped: $(docker logs "$PG_CONTAINER" 2>&1 | tail -5)"
    sleep 0.1
  done
  log "started container $PG_CONTAINER ($PG_IMAGE)"
}

start_postgres_local() {
  id benchpg >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin benchpg
  PG_LOCAL_DIR="$(mktemp -d /tmp/cocktaildb-bench-pg.XXXXXX)"
  chown benchpg "$PG_LOCAL_DIR"
  trap stop_postgres EXIT
  trap 'exit 130' INT TERM
  DB_PORT="$(free_port)"
  export DB_PORT
  printf '%s\n' "$DB_PASSWORD" >"$PG_LOCAL_DIR/pw" && chown benchpg "$PG_LOCAL_DIR/pw"
  runuser -u benchpg -- "$PG_BIN/initdb" -D "$PG_LOCAL_DIR/data" -U postgres --pwfile="$PG_LOCAL_DIR/pw" \
    --auth-host=scram-sha-256 --auth-local=peer --encoding=UTF8 --locale=C.UTF-8 --no-sync >/dev/null
  runuser -u benchpg -- "$PG_BIN/pg_ctl" -D "$PG_LOCAL_DIR/data" -l "$PG_LOCAL_DIR/log" -w \
    -o "-c listen_addresses=127.0.0.1 -c port=$DB_PORT -c unix_socket_directories=$PG_LOCAL_DIR ${PG_SETTINGS[*]}" start >/dev/null
  log "started a local cluster in $PG_LOCAL_DIR"
}

stop_postgres() {
  if [ -n "$PG_CONTAINER" ]; then
    docker rm -f "$PG_CONTAINER" >/dev/null 2>&1 || true
    log "removed container $PG_CONTAINER"
    PG_CONTAINER=""
  fi
  if [ -n "$PG_LOCAL_DIR" ]; then
    runuser -u benchpg -- "$PG_BIN/pg_ctl" -D "$PG_LOCAL_DIR/data" -m immediate -w stop >/dev/null 2>&1 || true
    rm -rf "$PG_LOCAL_DIR"
    log "stopped the local cluster"
    PG_LOCAL_DIR=""
  fi
}

# ---------------------------------------------------------------------------------------
# Helpers

psql_run() { # psql_run <db> [psql args...]: quiet (no NOTICEs) unless it fails
  local db="$1" output
  shift
  output="$(psql -qX -v ON_ERROR_STOP=1 -d "$db" "$@" 2>&1)" || { printf '%s\n' "$output" >&2; return 1; }
}

recreate_db() { # recreate_db <name> [template]
  psql_run postgres -c "DROP DATABASE IF EXISTS \"$1\" WITH (FORCE)" \
    -c "CREATE DATABASE \"$1\"${2:+ TEMPLATE \"$2\"}"
}

sql_in() { # sql_in <db> <sql>
  psql -qXtA -v ON_ERROR_STOP=1 -d "$1" -c "$2"
}

ops_noop_db() { # ops_noop_db <name>: a database the 200-migration binary has migrated; a rerun must apply nothing
  recreate_db "$1"
  DB_NAME="$1" "$OPS_GEN_BIN" migrate >/dev/null 2>&1 || die "cocktaildb-ops migrate failed on $1"
  local check
  check="$(DB_NAME="$1" "$OPS_GEN_BIN" migrate 2>&1)"
  case "$check" in *"applied 0"*) ;; *) die "cocktaildb-ops no-op did not report 'applied 0' on $1: $check" ;; esac
}

core_schema() { # the core section of schema.sql: everything above the analytics tracking part
  sed '/^-- Analytics change tracking/,$d' "$REPO_DIR/infrastructure/postgres/schema.sql"
}

# The source the binaries are built from, taken once when a run starts.
BENCH_REV="$(git -C "$REPO_DIR" rev-parse --short HEAD 2>/dev/null || echo unknown)"
if [ -n "$(git -C "$REPO_DIR" status --porcelain -- src migrations infrastructure 2>/dev/null)" ]; then
  BENCH_REV+=" + uncommitted changes in src/migrations/infrastructure"
fi

machine_note() {
  printf '%s; commit %s; %s cores; load average %s; PostgreSQL via %s\n' \
    "$(date -u '+%Y-%m-%d %H:%M UTC')" "$BENCH_REV" "$(nproc)" "$(cut -d' ' -f1-3 /proc/loadavg)" \
    "${BENCH_PG:-docker}${PG_CONTAINER:+ ($PG_IMAGE, network ${BENCH_DOCKER_NET:-host})}"
}

server_log_lines() { # the server log so far (docker: the container's output; local: its log file)
  if [ -n "$PG_CONTAINER" ]; then docker logs "$PG_CONTAINER" 2>&1; else cat "$PG_LOCAL_DIR/log"; fi
}
