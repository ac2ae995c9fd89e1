using CocktailDb.Ops.Tests.Harness;

namespace CocktailDb.Ops.Tests.Migrations;

/// <summary>What one migration does to its session does not reach the next.</summary>
[Collection(LiveSitePostgresCollection.Name)]
public sealed class SessionIsolationTests(PostgresServer server)
{
    [Fact]
    public async Task Search_path_role_and_timeouts_set_by_a_migration_do_not_reach_the_next_one_or_its_ledger_row()
    {
        var db = await server.CreateDatabaseAsync();

        // 2 sets search_path, statement_timeout 100ms, lock_timeout 1ms and SET ROLE pg_monitor;
        // 3 creates a table, records what it sees and sleeps 0.3s.
        var result = await LiveSiteProject.RunAsync(db, "migrate", "--target", "3", "--ddl-lock-timeout", "7s");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(["session: postgres | \"$user\", public | 0 | 7s"], await LiveSiteProject.EventsAsync(db));
        Assert.Equal("public", await db.ScalarAsync<string>("SELECT schemaname::text FROM pg_tables WHERE tablename = 'placed'"));
        Assert.Equal("postgres", await db.ScalarAsync<string>("SELECT tableowner::text FROM pg_tables WHERE tablename = 'placed'"));
        // 2's ledger row was written after its SET ROLE pg_monitor, which may not write there: the role was reset first.
        Assert.Equal(3L, await db.ScalarAsync<long>("SELECT count(*) FROM schema_migrations WHERE method = 'applied'"));
    }
}
