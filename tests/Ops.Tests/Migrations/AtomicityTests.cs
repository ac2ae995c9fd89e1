using CocktailDb.Ops.Tests.Harness;

namespace CocktailDb.Ops.Tests.Migrations;

/// <summary>Each migration and its ledger row commit together, or not at all.</summary>
[Collection(ScenarioPostgresCollection.Name)]
public sealed class AtomicityTests(PostgresServer server)
{
    [Fact]
    public async Task A_failing_migration_leaves_no_trace_and_the_error_names_file_statement_and_position()
    {
        var db = await server.CreateDatabaseAsync();
        Assert.Equal(0, (await ScenarioProject.RunAsync(db, "migrate", "--target", "3")).ExitCode);
        await db.ExecuteAsync("INSERT INTO items VALUES (7, '')"); // makes migration 4's CHECK fail

        var result = await ScenarioProject.RunAsync(db, "migrate");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("4_name_not_blank.sql, statement 2 of 2 (line 3)", result.StdErr);
        Assert.Contains("is violated by some row", result.StdErr);
        Assert.Contains("[23514]", result.StdErr);
        Assert.Equal(0L, await db.ScalarAsync<long>("SELECT count(*) FROM items WHERE id = 40"));
        Assert.Equal(0L, await db.ScalarAsync<long>("SELECT count(*) FROM schema_migrations WHERE filename LIKE '4_%'"));

        await db.ExecuteAsync("UPDATE items SET name = 'seven' WHERE id = 7");
        var retry = await ScenarioProject.RunAsync(db, "migrate");
        Assert.Equal(0, retry.ExitCode);
        Assert.Equal(1L, await db.ScalarAsync<long>("SELECT count(*) FROM items WHERE id = 40"));
        Assert.Equal(1L, await db.ScalarAsync<long>("SELECT count(*) FROM schema_migrations WHERE filename = '4_name_not_blank.sql'"));
    }

    [Fact]
    public async Task A_runner_killed_mid_migration_leaves_the_database_as_before_and_the_next_run_applies_it_once()
    {
        var db = await server.CreateDatabaseAsync();
        Assert.Equal(0, (await ScenarioProject.RunAsync(db, "migrate", "--target", "1")).ExitCode);
        await db.ExecuteAsync("UPDATE test_knobs SET sleep_seconds = 60");

        using var runner = ProcessRunner.Start(await ScenarioProject.BinaryAsync(), ["migrate"], db.Environment());
        await db.WaitUntilSleepingAsync();
        runner.Kill(); // SIGKILL: no chance to clean up
        await runner.WaitForExitAsync();
        await db.WaitUntilSleepingAsync(false);

        Assert.Equal(0L, await db.ScalarAsync<long>("SELECT count(*) FROM items WHERE id IN (2, 20)"));
        Assert.Equal(0L, await db.ScalarAsync<long>("SELECT count(*) FROM schema_migrations WHERE filename = '2_slow_insert.sql'"));

        await db.ExecuteAsync("UPDATE test_knobs SET sleep_seconds = 0");
        var next = await ScenarioProject.RunAsync(db, "migrate", "--lock-timeout", "5s");
        Assert.Equal(0, next.ExitCode);
        Assert.Equal(2L, await db.ScalarAsync<long>("SELECT count(*) FROM items WHERE id IN (2, 20)"));
        Assert.Equal(1L, await db.ScalarAsync<long>("SELECT count(*) FROM schema_migrations WHERE filename = '2_slow_insert.sql'"));
    }
}
