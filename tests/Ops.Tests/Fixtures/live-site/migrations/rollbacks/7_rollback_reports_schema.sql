-- Tests set sleep_seconds to hold the rollback open and interrupt it.
SELECT pg_sleep((SELECT max(sleep_seconds) FROM test_knobs));
DROP TABLE reports.visits;
DROP SCHEMA reports;
