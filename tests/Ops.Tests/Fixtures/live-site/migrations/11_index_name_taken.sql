-- cocktaildb:no-transaction
-- The name is the table's own: IF NOT EXISTS skips the build, and no such index comes to be.
CREATE INDEX CONCURRENTLY IF NOT EXISTS visits ON reports.visits (id);
