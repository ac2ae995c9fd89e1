-- cocktaildb:no-transaction
-- Statement 1 is not safe to repeat: a rerun after an interruption must not run it again.
INSERT INTO events (what) VALUES ('4: step 1');
CREATE INDEX CONCURRENTLY IF NOT EXISTS events_what_idx ON events (what);
SELECT pg_sleep((SELECT max(sleep_seconds) FROM test_knobs));
INSERT INTO events (what) VALUES ('4: step 4');
