using CocktailDb.Ops.Tests.Harness;

namespace CocktailDb.Ops.Tests.Migrations;

/// <summary>An error the server raises at COMMIT is the migration's, and the message says so.</summary>
[Collection(LiveSitePostgresCollection.Name)]
public sealed class CommitErrorTests(PostgresServer server)
{
    [Fact]
    public async Task A_deferred_constraint_failing_at_commit_is_reported_as_that_not_as_a_ledger_failure()
    {
        var db = await server.CreateDatabaseAsync();
        Assert.Equal(0, (await LiveSiteProject.RunAsync(db, "migrate", "--target", "9")).ExitCode);
        await db.ExecuteAsync("UPDATE test_knobs SET sleep_seconds = -1");

        var result = await LiveSiteProject.RunAsync(db, "migrate", "--target", "10");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("10_checked_at_commit.sql (at COMMIT, where deferred constraints and constraint triggers are checked): ", result.StdErr);
        Assert.Contains("violates foreign key constraint \"pairs_partner_fkey\"", result.StdErr);
        Assert.Contains("[23503]; nothing from this file was applied (the transaction was rolled back)", result.StdErr);
        Assert.DoesNotContain("recording it in schema_migrations", result.StdErr);
        Assert.Equal(0L, await db.ScalarAsync<long>("SELECT count(*) FROM pg_tables WHERE tablename = 'pairs'"));
    }
}
