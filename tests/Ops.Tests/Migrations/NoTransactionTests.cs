using CocktailDb.Ops.Tests.Harness;

namespace CocktailDb.Ops.Tests.Migrations;

/// <summary>Files marked <c>-- cocktaildb:no-transaction</c> run statement by statement.</summary>
[Collection(ScenarioPostgresCollection.Name)]
public sealed class NoTransactionTests(PostgresServer server)
{
    [Fact]
    public async Task A_no_transaction_migration_runs_create_index_concurrently()
    {
        var db = await server.CreateDatabaseAsync();

        var result = await ScenarioProject.RunAsync(db, "migrate", "--target", "3");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("applied 3_index_concurrently.sql (no transaction)", result.StdOut);
        Assert.True(await db.ScalarAsync<bool>("SELECT indisvalid FROM pg_index WHERE indexrelid = 'items_upper_name_key'::regclass"));
        Assert.Equal(1L, await db.ScalarAsync<long>("SELECT count(*) FROM schema_migrations WHERE filename = '3_index_concurrently.sql'"));
    }

    [Fact]
    public async Task A_failing_no_transaction_migration_says_which_statements_ran_and_is_not_recorded()
    {
        var db = await server.CreateDatabaseAsync();
        Assert.Equal(0, (await ScenarioProject.RunAsync(db, "migrate", "--target", "2")).ExitCode);
        await db.ExecuteAsync("INSERT INTO items VALUES (8, 'gin'), (9, 'GIN')");

        var result = await ScenarioProject.RunAsync(db, "migrate");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("3_index_concurrently.sql, statement 3 of 3", result.StdErr);
        Assert.Contains("statements 1-2 have run and stay applied (no transaction); the file is not recorded, and the next run resumes at statement 3", result.StdErr);
        Assert.Equal(1L, await db.ScalarAsync<long>("SELECT count(*) FROM pg_indexes WHERE indexname = 'items_name_idx'"));
        Assert.Equal(0L, await db.ScalarAsync<long>("SELECT count(*) FROM schema_migrations WHERE filename LIKE '3_%'"));
        Assert.Equal(0L, await db.ScalarAsync<long>("SELECT count(*) FROM items WHERE id = 40")); // 4 never started

        await db.ExecuteAsync("DELETE FROM items WHERE id = 9");
        var retry = await ScenarioProject.RunAsync(db, "migrate");
        Assert.True(retry.ExitCode == 0, retry.ToString());
        // The failed unique build left an invalid index; resuming at statement 3 skips the file's own DROP, so the runner drops it.
        Assert.Contains("resuming 3_index_concurrently.sql at statement 3 of 3", retry.StdOut);
        Assert.Contains("dropping the invalid index public.items_upper_name_key", retry.StdOut);
        Assert.True(await db.ScalarAsync<bool>("SELECT indisvalid FROM pg_index WHERE indexrelid = 'items_upper_name_key'::regclass"));
    }
}
