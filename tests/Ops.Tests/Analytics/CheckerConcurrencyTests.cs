using CocktailDb.Ops.Tests.Harness;

namespace CocktailDb.Ops.Tests.Analytics;

/// <summary>Checkers on several hosts: at most one refresh at a time, and no checker blocks forever.</summary>
[Collection(AnalyticsPostgresCollection.Name)]
public sealed class CheckerConcurrencyTests(PostgresServer server)
{
    [Fact]
    public async Task Three_checkers_started_at_once_start_one_refresh()
    {
        var db = await AnalyticsDatabase.CreateAsync(server);
        using var job = new FakeJob(sleepSeconds: 1);
        await db.ExecuteAsync(AnalyticsDatabase.Edit(0));

        var ticks = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => AnalyticsDatabase.TickAsync(db, job, "--quiet-period", "0s")));

        Assert.All(ticks, t => Assert.True(t.ExitCode == 0, t.ToString()));
        Assert.Equal(1, job.Starts);
        Assert.Single(ticks, t => t.StdOut.Contains("finished refresh"));
        Assert.Equal(1L, await db.ScalarAsync<long>("SELECT count(*) FROM analytics_refresh_runs"));
    }

    [Fact]
    public async Task A_checker_whose_connection_drops_mid_run_keeps_a_second_refresh_from_starting_and_still_records_its_result()
    {
        var db = await AnalyticsDatabase.CreateAsync(server);
        using var job = new FakeJob(sleepSeconds: 3);
        await db.ExecuteAsync(AnalyticsDatabase.Edit(0));

        var first = AnalyticsDatabase.TickAsync(db, job, "--quiet-period", "0s");
        await Poll.UntilAsync(() => job.Starts == 1, TimeSpan.FromSeconds(30), "the job to start");
        await db.ExecuteAsync(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name LIKE 'cocktaildb-ops debounce%' AND datname = current_database()");
        await db.ExecuteAsync(AnalyticsDatabase.Edit(1));
        var second = await AnalyticsDatabase.TickAsync(db, job, "--quiet-period", "0s");

        Assert.Equal(0, second.ExitCode);
        Assert.Contains("is running", second.StdOut);
        Assert.Equal(1, job.Starts);
        var done = await first;
        Assert.True(done.ExitCode == 0, done.ToString());
        Assert.Equal("succeeded", await db.ScalarAsync<string>("SELECT result FROM analytics_refresh_runs"));
        Assert.Equal(1L, await AnalyticsDatabase.PendingAsync(db)); // the edit made during the run waits for the next refresh
    }

    [Fact]
    public async Task A_checker_that_died_mid_run_blocks_refreshes_only_until_its_claim_expires()
    {
        var db = await AnalyticsDatabase.CreateAsync(server);
        using var job = new FakeJob(sleepSeconds: 8);
        await db.ExecuteAsync(AnalyticsDatabase.Edit(0));

        using (var dying = ProcessRunner.Start(await OpsBinary.PathAsync(), ["debounce", "--run-command", job.Command, "--quiet-period", "0s", "--run-timeout", "1s"], db.Environment()))
        {
            await Poll.UntilAsync(() => job.Starts == 1, TimeSpan.FromSeconds(30), "the job to start");
            dying.Kill(); // SIGKILL: it never records a result
            await dying.WaitForExitAsync();
        }

        var expires = await db.ScalarAsync<DateTime>("SELECT claim_expires_at FROM analytics_refresh_runs WHERE result = 'running'");
        var started = await db.ScalarAsync<DateTime>("SELECT started_at FROM analytics_refresh_runs WHERE result = 'running'");
        Assert.InRange(expires - started, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10)); // run timeout + a bounded margin
        job.SleepSeconds = 0;
        var blocked = await AnalyticsDatabase.TickAsync(db, job, "--quiet-period", "0s", "--run-timeout", "1s");
        Assert.Contains("is running", blocked.StdOut);

        var now = await db.ScalarAsync<DateTime>("SELECT now()");
        if (expires > now)
        {
            await Task.Delay(expires - now + TimeSpan.FromMilliseconds(300));
        }

        var recovered = await AnalyticsDatabase.TickAsync(db, job, "--quiet-period", "0s", "--run-timeout", "1s");
        Assert.True(recovered.ExitCode == 0, recovered.ToString());
        Assert.Contains("finished refresh", recovered.StdOut);
        Assert.Equal("expired", await db.ScalarAsync<string>("SELECT result FROM analytics_refresh_runs ORDER BY id LIMIT 1"));
        Assert.Equal(0L, await AnalyticsDatabase.PendingAsync(db));
    }

    [Fact]
    public async Task A_checker_stopped_with_SIGTERM_kills_its_job_and_records_the_interruption_before_it_exits()
    {
        var db = await AnalyticsDatabase.CreateAsync(server);
        using var job = new FakeJob(sleepSeconds: 30);
        await db.ExecuteAsync(AnalyticsDatabase.Edit(0));

        using var checker = ProcessRunner.Start(await OpsBinary.PathAsync(), ["debounce", "--run-command", job.Command, "--quiet-period", "0s"], db.Environment());
        await Poll.UntilAsync(() => job.Starts == 1, TimeSpan.FromSeconds(30), "the job to start");
        var term = await ProcessRunner.RunAsync("kill", ["-TERM", checker.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        Assert.Equal(0, term.ExitCode);
        await checker.WaitForExitAsync();
        var stderr = await checker.StandardError.ReadToEndAsync();

        Assert.Equal(130, checker.ExitCode);
        Assert.Contains("interrupted", stderr);
        Assert.Equal("failed", await db.ScalarAsync<string>("SELECT result FROM analytics_refresh_runs"));
        Assert.Contains("the check was stopped while the job ran", await db.ScalarAsync<string>("SELECT detail FROM analytics_refresh_runs"));
        Assert.Equal(1L, await AnalyticsDatabase.PendingAsync(db));
        await Task.Delay(300);
        Assert.Equal(0, job.Ends); // the job was killed with the check, not left running unrecorded
    }
}
