CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
-- Tests set sleep_seconds to hold migration 2 open (crash and concurrency tests).
CREATE TABLE test_knobs (sleep_seconds DOUBLE PRECISION NOT NULL DEFAULT 0);
INSERT INTO test_knobs DEFAULT VALUES;
