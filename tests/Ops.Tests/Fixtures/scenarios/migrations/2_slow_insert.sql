INSERT INTO items (id, name) VALUES (2, 'two');
SELECT pg_sleep((SELECT max(sleep_seconds) FROM test_knobs));
INSERT INTO items (id, name) VALUES (20, 'twenty');
