#!/bin/bash
# Stand-in for the analytics job: reads the seven watched tables the way a refresh would and
# records the run as JSON lines in /var/lib/cocktaildb-analytics-standin/runs.jsonl:
#   {"event":"start","invocation":...,"at":...,"snapshot":...,"changes":...,"maxChangeXid":...,"othersAlive":...,"rows":{...},"hash":...}
#   {"event":"end","invocation":...,"at":...,"exit":N}
# "at" is the database clock; "snapshot" the pg_current_snapshot() the read ran in; "hash" an
# md5 over the content of all seven tables; "othersAlive" how many database sessions of other
# runs of the stand-in were open as this one read. The end line is written once the job has done
# all its work: a run stopped or killed before that leaves none.
# Like a real job it holds one database session for its whole life, connected over TCP as the
# API's role, with the DB_* settings its unit's EnvironmentFile= gives it. systemd reads that
# file by its own rules: the '$$' that Docker Compose would turn into '$' arrive as '$$', and the
# job undoes that itself, as Compose does.
# Knobs, files in /etc/cocktaildb-analytics-standin/ read at the start of each run:
#   statement    seconds of one statement (pg_sleep) the session runs first: work that goes on
#                in the database when the job's process is killed meanwhile
#   duration     seconds to spend after that, session open, before finishing (a long refresh)
#   trap-term    present: a stop request's SIGTERM makes the job exit 0 at once, unfinished
#   fail         exit code to fail with (a failed refresh)
#   fail-times   with fail: fail only this many more runs, then succeed
set -euo pipefail

knobs=/etc/cocktaildb-analytics-standin
log=/var/lib/cocktaildb-analytics-standin/runs.jsonl
invocation="${INVOCATION_ID:-manual-$$}"
knob() { if [ -s "$knobs/$1" ]; then cat "$knobs/$1"; else echo "$2"; fi; }

export PGHOST="${DB_HOST:?}" PGPORT="${DB_PORT:?}" PGUSER="${DB_USER:?}" PGDATABASE="${DB_NAME:?}"
export PGPASSWORD="${DB_PASSWORD//\$\$/\$}" PGAPPNAME=cocktaildb-analytics-standin

if [ -e "$knobs/trap-term" ]; then
	trap 'echo "analytics stand-in: run $invocation got SIGTERM and exits 0 without finishing"; exit 0' TERM
fi

exit_code=0
if [ -s "$knobs/fail" ]; then
	exit_code=$(cat "$knobs/fail")
	if [ -e "$knobs/fail-times" ]; then
		left=$(cat "$knobs/fail-times")
		if [ "${left:-0}" -gt 0 ]; then
			echo $((left - 1)) > "$knobs/fail-times"
		else
			exit_code=0
		fi
	fi
fi

# One session: read, work in the database, work outside it, record the end. "& wait": a trapped
# SIGTERM is handled at once, not when psql is done. (psql does not interpolate its variables
# in \! lines: the duration goes through the environment.)
export STANDIN_DURATION="$(knob duration 0)"
psql -X -q -t -A -v ON_ERROR_STOP=1 -v invocation="$invocation" -v exit_code="$exit_code" \
	-v statement="$(knob statement 0)" >> "$log" <<'SQL' &
SELECT json_build_object(
    'event', 'start',
    'invocation', :'invocation',
    'at', clock_timestamp(),
    'snapshot', pg_current_snapshot()::text,
    'changes', (SELECT count(*) FROM analytics_changes),
    'maxChangeXid', (SELECT max(xid::text::bigint) FROM analytics_changes),
    'othersAlive', (SELECT count(*) FROM pg_stat_activity
                    WHERE application_name = current_setting('application_name') AND pid <> pg_backend_pid()),
    'rows', json_build_object(
        'recipes', (SELECT count(*) FROM recipes),
        'ingredients', (SELECT count(*) FROM ingredients),
        'recipe_ingredients', (SELECT count(*) FROM recipe_ingredients),
        'units', (SELECT count(*) FROM units),
        'ratings', (SELECT count(*) FROM ratings),
        'tags', (SELECT count(*) FROM tags),
        'recipe_tags', (SELECT count(*) FROM recipe_tags)),
    'hash', md5(concat_ws('|',
        (SELECT string_agg(md5(t::text), ',' ORDER BY md5(t::text)) FROM recipes t),
        (SELECT string_agg(md5(t::text), ',' ORDER BY md5(t::text)) FROM ingredients t),
        (SELECT string_agg(md5(t::text), ',' ORDER BY md5(t::text)) FROM recipe_ingredients t),
        (SELECT string_agg(md5(t::text), ',' ORDER BY md5(t::text)) FROM units t),
        (SELECT string_agg(md5(t::text), ',' ORDER BY md5(t::text)) FROM ratings t),
        (SELECT string_agg(md5(t::text), ',' ORDER BY md5(t::text)) FROM tags t),
        (SELECT string_agg(md5(t::text), ',' ORDER BY md5(t::text)) FROM recipe_tags t))));
\o /dev/null
SELECT pg_sleep(:statement);
\o
\! sleep "$STANDIN_DURATION"
SELECT json_build_object('event', 'end', 'invocation', :'invocation', 'at', clock_timestamp(), 'exit', :exit_code);
SQL
wait $!

echo "analytics stand-in: run $invocation read the watched tables, exit $exit_code"
exit "$exit_code"
