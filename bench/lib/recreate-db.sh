#!/bin/bash
# hyperfine --prepare step: an empty database of the given name (PG* variables say where).
set -euo pipefail
PGOPTIONS="-c client_min_messages=warning" psql -qX -v ON_ERROR_STOP=1 -d postgres \
  -c "DROP DATABASE IF EXISTS \"${1:?database name}\" WITH (FORCE)" \
  -c "CREATE DATABASE \"$1\"" >/dev/null
