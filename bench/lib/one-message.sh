#!/bin/bash
# The server's share of applying the generated migrations, as a reference row:
#   one-message.sh build <folder of plain .sql migrations> <out.sql>   (once, outside timing)
#   one-message.sh run <database> <out.sql>                            (timed)
# The built text has every migration with its ledger row in its own transaction (BEGIN ...
# COMMIT: one WAL flush each, like every tool measured). 'run' sends all of it as one
# simple-query message: one round trip and no per-migration client work, so no tool that
# commits each migration separately can go below it.
set -euo pipefail
case "${1:-}" in
  build)
    {
      printf '%s\n' "CREATE TABLE schema_migrations (filename TEXT PRIMARY KEY, applied_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP);"
      for f in "${2:?folder}"/*.sql; do
        printf 'BEGIN;\n%s\nINSERT INTO schema_migrations (filename) VALUES (%s);\nCOMMIT;\n' "$(cat "$f")" "'$(basename "$f")'"
      done
    } >"${3:?out.sql}"
    ;;
  run)
    exec psql -qX -v ON_ERROR_STOP=1 -d "${2:?database}" -c "$(<"${3:?sql file}")"
    ;;
  *)
    echo "usage: one-message.sh build <dir> <out.sql> | run <db> <out.sql>" >&2
    exit 2
    ;;
esac
