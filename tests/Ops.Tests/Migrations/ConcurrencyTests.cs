using CocktailDb.Ops.Tests.Harness;

namespace CocktailDb.Ops.Tests.Migrations;

/// <summary>Runners on several hosts may start at once.</summary>
[Collection(ScenarioPostgresCollection.Name)]
public sealed class ConcurrencyTests(PostgresServer server)
{
    [Fact]
    public async Task Five_runners_started_at_once_on_an_empty_database_apply_every_migration_exactly_once()
    {
        var db = await server.CreateDatabaseAsync();
        var binary = await ScenarioProject.BinaryAsync();

        var runs = Enumerable.Range(0, 5)
            .Select(_ => ProcessRunner.RunAsync(binary, ["migrate", "--lock-timeout", "60s"], db.Environment()))
            .ToArray();
        var results = await Task.WhenAll(runs);

        Assert.All(results, r => Assert.True(r.ExitCode == 0, r.ToString()));
        Assert.Single(results, r => r.StdOut.Contains("installed schema.sql"));
        Assert.Equal(4, results.Sum(r => r.StdOut.Split('\n').Count(l => l.StartsWith("applied ", StringComparison.Ordinal) && l.Contains(".sql"))));
        Assert.Equal(5L, await db.ScalarAsync<long>("SELECT count(*) FROM schema_migrations"));
        Assert.Equal(5L, await db.ScalarAsync<long>("SELECT count(DISTINCT filename) FROM schema_migrations"));
        Assert.Equal(3L, await db.ScalarAsync<long>("SELECT count(*) FROM items")); // 2, 20, 40: each insert ran once
    }

    [Fact]
    public async Task A_waiting_runner_holds_no_transaction_so_create_index_concurrently_completes_while_it_waits()
    {
        var db = await server.CreateDatabaseAsync();
        Assert.Equal(0, (await ScenarioProject.RunAsync(db, "migrate", "--target", "1")).ExitCode);
        await db.ExecuteAsync("UPDATE test_knobs SET sleep_seconds = 3");
        var binary = await ScenarioProject.BinaryAsync();

        var holder = ProcessRunner.RunAsync(binary, ["migrate"], db.Environment());
        await db.WaitUntilSleepingAsync();
        var waiter = ProcessRunner.RunAsync(binary, ["migrate", "--lock-timeout", "60s"], db.Environment());

        // While the holder runs 2 and then 3 (CREATE INDEX CONCURRENTLY), the waiter (the runner
        // without the advisory lock) must never sit in a transaction.
        var openTransactions = 0L;
        while (!holder.IsCompleted)
        {
            openTransactions = Math.Max(openTransactions, await db.ScalarAsync<long>(
                """
                SELECT count(*) FROM pg_stat_activity
                WHERE application_name LIKE 'cocktaildb-ops migrate%' AND xact_start IS NOT NULL AND state <> 'active'
                  AND pid NOT IN (SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted)
                """));
            await Task.Delay(20);
        }

        var (first, second) = (await holder, await waiter);
        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Contains("waiting for the migrations lock", second.StdOut);
        Assert.Contains("applied 3_index_concurrently.sql", first.StdOut);
        Assert.Contains("applied 0,", second.StdOut);
        Assert.Equal(0L, openTransactions);
    }

    [Fact]
    public async Task A_runner_that_waits_too_long_exits_4_and_names_the_holder()
    {
        var db = await server.CreateDatabaseAsync();
        Assert.Equal(0, (await ScenarioProject.RunAsync(db, "migrate", "--target", "1")).ExitCode);
        await db.ExecuteAsync("UPDATE test_knobs SET sleep_seconds = 6");
        var binary = await ScenarioProject.BinaryAsync();

        var holder = ProcessRunner.RunAsync(binary, ["migrate"], db.Environment());
        await db.WaitUntilSleepingAsync();
        var holderPid = await db.ScalarAsync<int>("SELECT pid FROM pg_stat_activity WHERE query LIKE 'SELECT pg_sleep%' AND datname = current_database()");
        var waiter = await ProcessRunner.RunAsync(binary, ["migrate", "--lock-timeout", "1s"], db.Environment());

        Assert.Equal(4, waiter.ExitCode);
        Assert.Contains($"held by pid {holderPid}", waiter.StdErr);
        Assert.Contains("'cocktaildb-ops migrate on ", waiter.StdErr);
        Assert.Contains("connected since", waiter.StdErr);
        Assert.Contains("pg_terminate_backend", waiter.StdErr);
        Assert.Equal(0, (await holder).ExitCode);
    }
}
