CREATE TABLE accounts (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
INSERT INTO accounts VALUES (1, 'ada'), (2, 'bob');
-- What migrations saw and did, in order.
CREATE TABLE events (id SERIAL PRIMARY KEY, what TEXT NOT NULL);
-- Tests set sleep_seconds to hold migration 4 between its statements.
CREATE TABLE test_knobs (sleep_seconds DOUBLE PRECISION NOT NULL DEFAULT 0);
INSERT INTO test_knobs DEFAULT VALUES;
