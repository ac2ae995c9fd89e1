-- Must vanish when the ALTER below does not get its lock.
INSERT INTO events (what) VALUES ('5 ran');
ALTER TABLE accounts ADD COLUMN email TEXT;
