-- cocktaildb:no-transaction
CREATE INDEX CONCURRENTLY IF NOT EXISTS items_name_idx ON items (name);
-- A failed CREATE INDEX CONCURRENTLY leaves an invalid index behind: drop it first so a rerun works.
DROP INDEX CONCURRENTLY IF EXISTS items_upper_name_key;
-- Fails when two names differ only in case: the no-transaction failure test arranges that.
CREATE UNIQUE INDEX CONCURRENTLY items_upper_name_key ON items (upper(name));
