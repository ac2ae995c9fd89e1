-- cocktaildb:no-transaction
CREATE INDEX CONCURRENTLY IF NOT EXISTS visits_what_idx ON reports.visits (what);
