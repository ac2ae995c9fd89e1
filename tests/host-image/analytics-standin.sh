#!/bin/bash
# Stand-in for the analytics job: reads the seven watched tables the way a refresh would and
# records the run as JSON lines in /var/lib/cocktaildb-analytics-standin/runs.jsonl:
#   {"event":"start","invocation":...,"at":...,"snapshot":...,"changes":...,"maxChangeXid":...,"rows":{...},"hash":...}
#   {"event":"end","invocation":...,"at":...,"exit":N}
# "at" is the database clock; "snapshot" the pg_current_snapshot() the read ran in; "hash" an
# md5 over the content of all seven tables. A run killed before it ends leaves no end line.
# Knobs, files in /etc/cocktaildb-analytics-standin/ read at the start of each run:
#   duration     seconds to spend between reading and finishing (a long refresh)
#   fail         exit code to fail with (a failed refresh)
#   fail-times   with fail: fail only this many more runs, then succeed
set -euo pipefail

knobs=/etc/cocktaildb-analytics-standin
log=/var/lib/cocktaildb-analytics-standin/runs.jsonl
invocation="${INVOCATION_ID:-manual-$$}"

query() { psql -X -q -t -A -v ON_ERROR_STOP=1 -d cocktaildb -v invocation="$invocation" "$@"; }

query -v exit_code=0 >> "$log" <<'SQL'
SELECT json_build_object(
    'event', 'start',
    'invocation', :'invocation',
    'at', clock_timestamp(),
    'snapshot', pg_current_snapshot()::text,
    'changes', (SELECT count(*) FROM analytics_changes),
    'maxChangeXid', (SELECT max(xid::text::bigint) FROM analytics_changes),
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
SQL

if [ -s "$knobs/duration" ]; then
	sleep "$(cat "$knobs/duration")"
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

query -v exit_code="$exit_code" >> "$log" <<'SQL'
SELECT json_build_object('event', 'end', 'invocation', :'invocation', 'at', clock_timestamp(), 'exit', :exit_code);
SQL
echo "analytics stand-in: run $invocation read the watched tables, exit $exit_code"
exit "$exit_code"
