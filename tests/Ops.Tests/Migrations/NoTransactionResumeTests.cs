using CocktailDb.Ops.Tests.Harness;

namespace CocktailDb.Ops.Tests.Migrations;

/// <summary>
/// A no-transaction migration (live-site 4: insert step 1, CREATE INDEX CONCURRENTLY, a
/// pg_sleep the tests can stretch, insert step 4) that stops part way is resumed by the next run.
/// </summary>
[Collection(LiveSitePostgresCollection.Name)]
public sealed class NoTransactionResumeTests(PostgresServer server)
{
    [Fact]
    public async Task A_runner_killed_between_statements_leaves_them_recorded_and_the_rerun_resumes_after_them()
    {
        var db = await server.CreateDatabaseAsync();
        Assert.Equal(0, (await LiveSiteProject.RunAsync(db, "migrate", "--target", "3")).ExitCode);
        await db.ExecuteAsync("UPDATE test_knobs SET sleep_seconds = 60");

        using (var runner = ProcessRunner.Start(await LiveSiteProject.BinaryAsync(), ["migrate", "--target", "4"], db.Environment()))
        {
            await db.WaitUntilSleepingAsync();
            runner.Kill(); // SIGKILL after statements 1 and 2, in 3
            await runner.WaitForExitAsync();
        }

        await db.WaitUntilSleepingAsync(false); // the server noticed the runner is gone
        Assert.Equal(2, await db.ScalarAsync<int>("SELECT statements_done FROM schema_migrations_progress WHERE filename = '4_no_transaction_steps.sql'"));
        Assert.Equal(0L, await db.ScalarAsync<long>("SELECT count(*) FROM schema_migrations WHERE filename LIKE '4_%'"));

        await db.ExecuteAsync("UPDATE test_knobs SET sleep_seconds = 0");
        var rerun = await LiveSiteProject.RunAsync(db, "migrate", "--target", "4");

        Assert.True(rerun.ExitCode == 0, rerun.ToString());
        Assert.Contains("resuming 4_no_transaction_steps.sql at statement 3 of 4: statements 1-2 were applied by an earlier run", rerun.StdOut);
        var events = await LiveSiteProject.EventsAsync(db);
        Assert.Single(events, e => e == "4: step 1");
        Assert.Single(events, e => e == "4: step 4");
        Assert.True(await db.ScalarAsync<bool>("SELECT indisvalid FROM pg_index WHERE indexrelid = 'events_what_idx'::regclass"));
        Assert.Equal(1L, await db.ScalarAsync<long>("SELECT count(*) FROM schema_migrations WHERE filename = '4_no_transaction_steps.sql'"));
        Assert.Equal(0L, await db.ScalarAsync<long>("SELECT count(*) FROM schema_migrations_progress"));
    }

    [Fact]
    public async Task A_lock_timeout_stops_the_file_at_that_statement_and_the_rerun_rebuilds_the_index_it_left_invalid()
    {
        var db = await server.CreateDatabaseAsync();
        Assert.Equal(0, (await LiveSiteProject.RunAsync(db, "migrate", "--target", "3")).ExitCode);
        ProcessResult stopped;
        int holderPid;
        await using (var holder = await LiveSiteProject.OpenOldSnapshotAsync(db))
        {
            holderPid = holder.ProcessID;
            stopped = await LiveSiteProject.RunAsync(db, "migrate", "--target", "4", "--ddl-lock-timeout", "500ms");
        }

        Assert.True(stopped.ExitCode == 8, stopped.ToString());
        Assert.Contains("4_no_transaction_steps.sql, statement 2 of 4 (line 4) waited 500ms (the lock timeout, from --ddl-lock-timeout) for older transactions to end", stopped.StdErr);
        Assert.Contains($"held by pid {holderPid} ('live-site report' from ", stopped.StdErr);
        Assert.Contains("statement 1 has run and stays applied (no transaction); the file is not recorded, and the next run resumes at statement 2", stopped.StdErr);
        Assert.False(await db.ScalarAsync<bool>("SELECT indisvalid FROM pg_index WHERE indexrelid = 'events_what_idx'::regclass"));

        var rerun = await LiveSiteProject.RunAsync(db, "migrate", "--target", "4");

        Assert.True(rerun.ExitCode == 0, rerun.ToString());
        Assert.Contains("resuming 4_no_transaction_steps.sql at statement 2 of 4", rerun.StdOut);
        Assert.Contains("dropping the invalid index public.events_what_idx", rerun.StdOut);
        Assert.True(await db.ScalarAsync<bool>("SELECT indisvalid FROM pg_index WHERE indexrelid = 'events_what_idx'::regclass"));
        var events = await LiveSiteProject.EventsAsync(db);
        Assert.Single(events, e => e == "4: step 1");
        Assert.Single(events, e => e == "4: step 4");
    }

    [Fact]
    public async Task A_file_started_from_other_text_is_refused_as_drift_before_anything_of_it_runs()
    {
        var db = await server.CreateDatabaseAsync();
        Assert.Equal(0, (await LiveSiteProject.RunAsync(db, "migrate", "--target", "3")).ExitCode);
        await db.ExecuteAsync(
            """
            CREATE TABLE schema_migrations_progress (filename TEXT PRIMARY KEY, checksum TEXT NOT NULL, statements_done INTEGER NOT NULL, updated_at TIMESTAMPTZ NOT NULL DEFAULT now());
            INSERT INTO schema_migrations_progress VALUES ('4_no_transaction_steps.sql', 'a-checksum-of-other-text', 1);
            """);

        var result = await LiveSiteProject.RunAsync(db, "migrate", "--target", "4");

        Assert.True(result.ExitCode == 3, result.ToString());
        Assert.Contains("4_no_transaction_steps.sql was partly applied (statement 1) from a file with checksum a-checksum-of-other-text", result.StdErr);
        Assert.DoesNotContain("4: step 1", await LiveSiteProject.EventsAsync(db));
        Assert.Equal(0L, await db.ScalarAsync<long>("SELECT count(*) FROM schema_migrations WHERE filename LIKE '4_%'"));
    }
}
