-- schema-version: 1
-- Fresh-install schema of the scenario project: equal to migration 1.
CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
CREATE TABLE test_knobs (sleep_seconds DOUBLE PRECISION NOT NULL DEFAULT 0);
INSERT INTO test_knobs DEFAULT VALUES;
