using System.Diagnostics;
using System.Globalization;
using CocktailDb.Ops.Tests.Harness;

namespace CocktailDb.Ops.Tests.Migrations;

/// <summary>
/// SIGTERM (systemd stopping a deploy, Ctrl+C) in the middle of a run: the message says what
/// stays applied, and status and the dry run show a no-transaction file that stopped part way.
/// </summary>
[Collection(LiveSitePostgresCollection.Name)]
public sealed class InterruptTests(PostgresServer server)
{
    [Fact]
    public async Task An_interrupted_no_transaction_migration_says_which_statements_stay_and_where_the_next_run_resumes()
    {
        var db = await server.CreateDatabaseAsync();
        Assert.Equal(0, (await LiveSiteProject.RunAsync(db, "migrate", "--target", "3")).ExitCode);

        var (exitCode, stderr) = await InterruptWhileSleepingAsync(db, "migrate", "--target", "4");

        Assert.Equal(130, exitCode);
        Assert.Contains(
            "interrupted during 4_no_transaction_steps.sql, statement 3 of 4 (line 5); statements 1-2 have run and stay applied (no transaction); " +
            "the file is not recorded, and the next run resumes at statement 3",
            stderr);
        Assert.DoesNotContain("nothing was left half done", stderr);
        Assert.Equal(2, await db.ScalarAsync<int>("SELECT statements_done FROM schema_migrations_progress WHERE filename = '4_no_transaction_steps.sql'"));
    }

    [Fact]
    public async Task Status_and_the_dry_run_show_a_no_transaction_migration_that_stopped_part_way()
    {
        var db = await server.CreateDatabaseAsync();
        Assert.Equal(0, (await LiveSiteProject.RunAsync(db, "migrate", "--target", "3")).ExitCode);
        Assert.Equal(130, (await InterruptWhileSleepingAsync(db, "migrate", "--target", "4")).ExitCode);

        var status = await LiveSiteProject.RunAsync(db, "status");
        var json = await LiveSiteProject.RunAsync(db, "status", "--json");
        var dryRun = await LiveSiteProject.RunAsync(db, "migrate", "--dry-run", "--target", "4");

        Assert.Equal(7, status.ExitCode);
        Assert.Matches(@"\s4\s+partly applied \(2 of 4 statements\)\s+-\s+4_no_transaction_steps\.sql", status.StdOut);
        Assert.Contains("\"statementsDone\":2", json.StdOut.Replace(" ", string.Empty, StringComparison.Ordinal));
        Assert.True(dryRun.ExitCode == 0, dryRun.ToString());
        Assert.Contains("would resume 4_no_transaction_steps.sql (no transaction) at statement 3 of 4: statements 1-2 were applied by an earlier run", dryRun.StdOut);
        // Only what is still to come: statements 3 and 4 (lines 5 and 6), not 1 and 2.
        Assert.Contains("  line 5: ", dryRun.StdOut);
        Assert.DoesNotContain("  line 3: ", dryRun.StdOut);
        Assert.DoesNotContain("  line 4: ", dryRun.StdOut);
    }

    [Fact]
    public async Task An_interrupted_rollback_says_it_was_interrupted_and_leaves_the_migration_applied()
    {
        var db = await server.CreateDatabaseAsync();
        Assert.Equal(0, (await LiveSiteProject.RunAsync(db, "migrate", "--target", "7")).ExitCode);

        var (exitCode, stderr) = await InterruptWhileSleepingAsync(db, "rollback", "--version", "7");

        Assert.Equal(130, exitCode);
        Assert.Contains("interrupted during 7_rollback_reports_schema.sql; a file commits whole with its ledger change or not at all, so nothing was left half done", stderr);
        Assert.DoesNotContain("current transaction is aborted", stderr);
        Assert.Equal(1L, await db.ScalarAsync<long>("SELECT count(*) FROM pg_tables WHERE schemaname = 'reports' AND tablename = 'visits'"));
        Assert.Equal(1L, await db.ScalarAsync<long>("SELECT count(*) FROM schema_migrations WHERE filename = '7_reports_schema.sql'"));
    }

    /// <summary>Starts the command with the fixture's sleep stretched, sends SIGTERM once it sleeps, and waits for it to exit.</summary>
    private static async Task<(int ExitCode, string StdErr)> InterruptWhileSleepingAsync(TestDatabase db, params string[] arguments)
    {
        await db.ExecuteAsync("UPDATE test_knobs SET sleep_seconds = 60");
        using var run = ProcessRunner.Start(await LiveSiteProject.BinaryAsync(), arguments, db.Environment());
        var stderr = run.StandardError.ReadToEndAsync();
        await db.WaitUntilSleepingAsync();
        var term = await ProcessRunner.RunAsync("kill", ["-TERM", run.Id.ToString(CultureInfo.InvariantCulture)]);
        Assert.Equal(0, term.ExitCode);
        var clock = Stopwatch.StartNew();
        await run.WaitForExitAsync();
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"took {clock.Elapsed} to stop");
        await db.ExecuteAsync("UPDATE test_knobs SET sleep_seconds = 0");
        return (run.ExitCode, await stderr);
    }
}
