#!/bin/bash
# Writes N trivial migrations (CREATE TABLE t_NNN (id int)) in three layouts:
#   <out>/ops/NNN_migration_create_t_NNN.sql        embedded into a cocktaildb-ops build
#   <out>/seed/migrations/NNN_migration_...sql       the same files, for the seed's run-migrations.sh
#   <out>/dbmate/NNN_create_t_NNN.sql                dbmate's format (-- migrate:up / -- migrate:down)
# A file is rewritten only when its content changes, so the cocktaildb-ops build stays incremental.
set -euo pipefail
out="${1:?usage: gen-migrations.sh <out dir> <count>}"
count="${2:?usage: gen-migrations.sh <out dir> <count>}"
mkdir -p "$out/ops" "$out/seed/migrations" "$out/dbmate"

put() { # put <file> <content>
  if [ ! -f "$1" ] || [ "$(cat "$1")" != "$2" ]; then
    printf '%s\n' "$2" >"$1"
  fi
}

for i in $(seq 1 "$count"); do
  n="$(printf '%03d' "$i")"
  plain="CREATE TABLE t_$n (id int);"
  put "$out/ops/${n}_migration_create_t_$n.sql" "$plain"
  put "$out/seed/migrations/${n}_migration_create_t_$n.sql" "$plain"
  put "$out/dbmate/${n}_create_t_$n.sql" "-- migrate:up
$plain

-- migrate:down
DROP TABLE t_$n;"
done

# Drop files from an earlier, larger count.
for dir in "$out/ops" "$out/seed/migrations" "$out/dbmate"; do
  for f in "$dir"/*.sql; do
    v="$(basename "$f" | sed 's/_.*//')"
    if [ "$((10#$v))" -gt "$count" ]; then rm -f "$f"; fi
  done
done
