namespace CocktailDb.Ops.Generators.Tests.Lint;

/// <summary>
/// The lock each statement takes, worked out at build time for `migrate --dry-run`. The modes
/// are those pg_locks shows on a real server (tests/Ops.Tests/Lint checks a set of them against
/// PostgreSQL itself).
/// </summary>
public class LockColumnTests
{
    [Theory]
    [InlineData("SELECT * FROM recipes r JOIN ratings ON ratings.recipe_id = r.id", "ACCESS SHARE on recipes, ratings")]
    [InlineData("SELECT pg_sleep((SELECT max(sleep_seconds) FROM test_knobs))", "ACCESS SHARE on test_knobs")]
    [InlineData("SELECT extract(year FROM now())", "")]
    [InlineData("SELECT * FROM recipes FOR UPDATE", "ROW SHARE on recipes")]
    [InlineData("INSERT INTO analytics_changes (xid) SELECT pg_current_xact_id() FROM analytics_refresh_state WHERE id = 1", "ROW EXCLUSIVE on analytics_changes; ACCESS SHARE on analytics_refresh_state")]
    [InlineData("UPDATE orders SET note = 'x' FROM users WHERE users.id = orders.user_id", "ROW EXCLUSIVE on orders; ACCESS SHARE on users")]
    [InlineData("DELETE FROM ONLY orders WHERE user_id IN (SELECT id FROM users)", "ROW EXCLUSIVE on orders; ACCESS SHARE on users")]
    [InlineData("INSERT INTO tags (id) VALUES (1) ON CONFLICT (id) DO UPDATE SET id = 2", "ROW EXCLUSIVE on tags")]
    [InlineData("WITH moved AS (DELETE FROM old_tags RETURNING *) INSERT INTO tags SELECT * FROM moved", "ROW EXCLUSIVE on old_tags, tags")]
    [InlineData("COPY users TO STDOUT", "ACCESS SHARE on users")]
    [InlineData("CREATE TABLE items (id int, user_id int REFERENCES users (id))", "SHARE ROW EXCLUSIVE on users")]
    [InlineData("CREATE TABLE items2 AS SELECT * FROM orders", "ACCESS SHARE on orders")]
    [InlineData("CREATE TABLE c3 () INHERITS (users)", "SHARE UPDATE EXCLUSIVE on users")]
    [InlineData("CREATE INDEX users_name_idx ON users (name)", "SHARE on users")]
    [InlineData("CREATE INDEX CONCURRENTLY users_name_idx ON ONLY users (name)", "SHARE UPDATE EXCLUSIVE on users")]
    [InlineData("CREATE VIEW v2 AS SELECT * FROM orders", "ACCESS SHARE on orders")]
    [InlineData("CREATE OR REPLACE VIEW user_names AS SELECT id, name FROM users", "ACCESS EXCLUSIVE on user_names; ACCESS SHARE on users")]
    [InlineData("CREATE TRIGGER t2 AFTER INSERT OR UPDATE ON orders FOR EACH STATEMENT EXECUTE FUNCTION f()", "SHARE ROW EXCLUSIVE on orders")]
    [InlineData("DROP TRIGGER t1 ON users", "ACCESS EXCLUSIVE on users")]
    [InlineData("CREATE RULE r2 AS ON UPDATE TO orders DO ALSO NOTIFY y", "ACCESS EXCLUSIVE on orders")]
    [InlineData("CREATE POLICY p2 ON users USING (true)", "ACCESS EXCLUSIVE on users")]
    [InlineData("CREATE STATISTICS s1 ON id, name FROM users", "SHARE UPDATE EXCLUSIVE on users")]
    [InlineData("COMMENT ON COLUMN users.name IS 'x'", "SHARE UPDATE EXCLUSIVE on users")]
    [InlineData("ALTER TABLE users ADD COLUMN age int DEFAULT 3", "ACCESS EXCLUSIVE on users")]
    [InlineData("ALTER TABLE users ALTER COLUMN name SET STATISTICS 100", "SHARE UPDATE EXCLUSIVE on users")]
    [InlineData("ALTER TABLE users SET (fillfactor = 70, autovacuum_enabled = false)", "SHARE UPDATE EXCLUSIVE on users")]
    [InlineData("ALTER TABLE users SET (fillfactor = 70, user_catalog_table = true)", "ACCESS EXCLUSIVE on users")]
    [InlineData("ALTER TABLE users CLUSTER ON users_pkey", "SHARE UPDATE EXCLUSIVE on users")]
    [InlineData("ALTER TABLE users DISABLE TRIGGER ALL", "SHARE ROW EXCLUSIVE on users")]
    [InlineData("ALTER TABLE orders VALIDATE CONSTRAINT orders_user_fk", "SHARE UPDATE EXCLUSIVE on orders")]
    [InlineData("ALTER TABLE orders ADD CONSTRAINT fk3 FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID", "SHARE ROW EXCLUSIVE on orders, users")]
    [InlineData("ALTER TABLE orders ADD COLUMN u2 int REFERENCES users (id)", "ACCESS EXCLUSIVE on orders; SHARE ROW EXCLUSIVE on users")]
    [InlineData("ALTER TABLE orders ADD CONSTRAINT c3 CHECK (amount > -1) NOT VALID", "ACCESS EXCLUSIVE on orders")]
    [InlineData("ALTER TABLE orders VALIDATE CONSTRAINT c3, ALTER COLUMN note SET STATISTICS 10", "SHARE UPDATE EXCLUSIVE on orders")]
    [InlineData("ALTER TABLE orders VALIDATE CONSTRAINT c3, ALTER COLUMN note SET DEFAULT 'x'", "ACCESS EXCLUSIVE on orders")]
    [InlineData("ALTER TABLE pt ATTACH PARTITION pt1 FOR VALUES FROM (1) TO (5)", "ACCESS EXCLUSIVE on pt1; SHARE UPDATE EXCLUSIVE on pt")]
    [InlineData("ALTER INDEX orders_note_idx RENAME TO orders_note_i", "SHARE UPDATE EXCLUSIVE on index orders_note_idx")]
    [InlineData("DROP INDEX orders_note_idx", "ACCESS EXCLUSIVE on the table of index orders_note_idx")]
    [InlineData("DROP TABLE IF EXISTS orders, users CASCADE", "ACCESS EXCLUSIVE on orders, users")]
    [InlineData("TRUNCATE TABLE orders", "ACCESS EXCLUSIVE on orders")]
    [InlineData("LOCK TABLE users IN SHARE ROW EXCLUSIVE MODE", "SHARE ROW EXCLUSIVE on users")]
    [InlineData("LOCK users", "ACCESS EXCLUSIVE on users")]
    [InlineData("ANALYZE users (name), orders", "SHARE UPDATE EXCLUSIVE on users, orders")]
    [InlineData("REINDEX TABLE users", "SHARE on users")]
    [InlineData("REFRESH MATERIALIZED VIEW CONCURRENTLY order_totals", "EXCLUSIVE on order_totals")]
    [InlineData("CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$ SELECT 1 FROM users $$", "")]
    [InlineData("ALTER TYPE mood ADD VALUE 'happy'", "")]
    [InlineData("GRANT SELECT ON users TO public", "")]
    [InlineData("SET lock_timeout = '5s'", "")]
    [InlineData("DO $$ BEGIN PERFORM 1; END $$", "unknown (a DO block runs code the build cannot see)")]
    [InlineData("IMPORT FOREIGN SCHEMA s FROM SERVER x INTO public", "unknown (IMPORT is not a statement the build classifies)")]
    public void Each_statement_carries_the_strongest_lock_it_takes_on_each_relation(string statement, string expected)
    {
        var output = LintRun.NoTransaction(statement + ";\n");

        var model = Assert.Single(output.StatementsOf(LintRun.FileName));
        Assert.Equal(expected, model.Lock);
    }
}
