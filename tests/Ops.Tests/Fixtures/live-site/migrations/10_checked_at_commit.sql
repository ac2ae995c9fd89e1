-- A deferred foreign key is checked at COMMIT, after the last statement. The tests make that
-- check fail by setting test_knobs.sleep_seconds below zero, which names a partner that is not there.
CREATE TABLE pairs (
    id INTEGER PRIMARY KEY,
    partner INTEGER NOT NULL REFERENCES pairs (id) DEFERRABLE INITIALLY DEFERRED
);
INSERT INTO pairs SELECT 1, CASE WHEN max(sleep_seconds) < 0 THEN 2 ELSE 1 END FROM test_knobs;
