-- cocktaildb:no-transaction
-- PostgreSQL names this index: a rerun cannot tell what an interrupted build of it left.
CREATE INDEX CONCURRENTLY ON reports.visits (at);
