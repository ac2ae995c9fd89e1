using System.Text.Json;
using CocktailDb.Ops.Tests.Harness;

namespace CocktailDb.Ops.Tests.Analytics;

/// <summary>
/// The debounce properties, each against real PostgreSQL with a fake job that records its
/// calls. Periods are seconds instead of minutes; the rules are the same.
/// </summary>
[Collection(AnalyticsPostgresCollection.Name)]
public sealed class DebounceTests(PostgresServer server)
{
    [Fact]
    public async Task A_burst_of_100_edits_across_the_seven_tables_gives_exactly_one_refresh_after_the_quiet_period()
    {
        var db = await AnalyticsDatabase.CreateAsync(server);
        using var job = new FakeJob();
        await using (var connection = await db.OpenAsync())
        {
            for (var i = 0; i < 100; i++)
            {
                await using var edit = new Npgsql.NpgsqlCommand(AnalyticsDatabase.Edit(i), connection);
                await edit.ExecuteNonQueryAsync();
            }
        }

        Assert.Equal(100L, await AnalyticsDatabase.PendingAsync(db));
        var lastCommit = await db.ScalarAsync<DateTime>("SELECT now()"); // on the database clock, after every commit

        var early = await AnalyticsDatabase.TickAsync(db, job, "--quiet-period", "3s");
        Assert.Equal(0, early.ExitCode);
        Assert.Contains("waiting: 100 unprocessed changes", early.StdOut);
        Assert.Equal(0, job.Starts);

        await Task.Delay(TimeSpan.FromSeconds(3.2));
        var due = await AnalyticsDatabase.TickAsync(db, job, "--quiet-period", "3s");
        var after = await AnalyticsDatabase.TickAsync(db, job, "--quiet-period", "3s");

        Assert.True(due.ExitCode == 0, due.ToString());
        Assert.Contains("finished refresh", due.StdOut);
        Assert.Equal(1, job.Starts);
        Assert.Contains("idle", after.StdOut);
        Assert.Equal(0L, await AnalyticsDatabase.PendingAsync(db));
        var startedAt = await db.ScalarAsync<DateTime>("SELECT started_at FROM analytics_refresh_runs WHERE result = 'succeeded'");
        Assert.True(startedAt >= lastCommit.AddSeconds(3), $"refresh started at {startedAt:O}, last commit {lastCommit:O}");
    }

    [Fact]
    public async Task Edits_arriving_faster_than_the_quiet_period_still_get_a_refresh_within_the_max_wait()
    {
        var db = await AnalyticsDatabase.CreateAsync(server);
        using var job = new FakeJob();
        var firstEditAt = await db.ScalarAsync<DateTime>("SELECT now()");
        var deadline = DateTime.UtcNow.AddSeconds(20);
        var i = 0;
        while (job.Starts == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "no refresh within 20 s although the max wait is 4 s");
            await db.ExecuteAsync(AnalyticsDatabase.Edit(i++));
            var tick = await AnalyticsDatabase.TickAsync(db, job, "--quiet-period", "3s", "--max-wait", "4s");
            Assert.True(tick.ExitCode == 0, tick.ToString());
            await Task.Delay(500);
        }

        // The edits never paused for 3 s, so only the max wait (4 s after the first edit) can have
        // started it, and it did so on the first tick after that.
        var startedAt = await db.ScalarAsync<DateTime>("SELECT started_at FROM analytics_refresh_runs WHERE result = 'succeeded'");
        var afterFirstEdit = startedAt - firstEditAt;
        Assert.InRange(afterFirstEdit, TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(9));
        Assert.True(i >= 4, $"only {i} edits were made before the refresh");
        Assert.Equal(1, job.Starts);
    }

    [Fact]
    public async Task An_edit_committed_while_the_refresh_runs_causes_exactly_one_more_refresh()
    {
        var db = await AnalyticsDatabase.CreateAsync(server);
        using var job = new FakeJob(sleepSeconds: 3);
        await db.ExecuteAsync(AnalyticsDatabase.Edit(0));

        var refresh = AnalyticsDatabase.TickAsync(db, job, "--quiet-period", "0s");
        await Poll.UntilAsync(() => job.Starts == 1, TimeSpan.FromSeconds(30), "the job to start");
        await db.ExecuteAsync(AnalyticsDatabase.Edit(1)); // committed while the job runs
        var first = await refresh;

        Assert.Contains("finished refresh", first.StdOut);
        Assert.Equal(1L, await AnalyticsDatabase.PendingAsync(db));
        job.SleepSeconds = 0;
        var second = await AnalyticsDatabase.TickAsync(db, job, "--quiet-period", "0s");
        var third = await AnalyticsDatabase.TickAsync(db, job, "--quiet-period", "0s");
        Assert.Contains("finished refresh", second.StdOut);
        Assert.Contains("idle", third.StdOut);
        Assert.Equal(2, job.Starts);
    }

    [Fact]
    public async Task A_transaction_that_changed_data_before_a_refresh_and_commits_after_it_causes_one_more_refresh()
    {
        var db = await AnalyticsDatabase.CreateAsync(server);
        using var job = new FakeJob();
        await using var slow = await db.OpenAsync();
        await using var transaction = await slow.BeginTransactionAsync();
        await using (var edit = new Npgsql.NpgsqlCommand(AnalyticsDatabase.Edit(2), slow, transaction))
        {
            await edit.ExecuteNonQueryAsync(); // changed, not committed
        }

        await db.ExecuteAsync(AnalyticsDatabase.Edit(4));
        var refresh = await AnalyticsDatabase.TickAsync(db, job, "--quiet-period", "0s");
        Assert.Contains("finished refresh", refresh.StdOut);
        Assert.Equal(1, job.Starts);

        await transaction.CommitAsync(); // after the refresh finished
        Assert.Equal(1L, await AnalyticsDatabase.PendingAsync(db));
        var again = await AnalyticsDatabase.TickAsync(db, job, "--quiet-period", "0s");
        var idle = await AnalyticsDatabase.TickAsync(db, job, "--quiet-period", "0s");
        Assert.Contains("finished refresh", again.StdOut);
        Assert.Contains("idle", idle.StdOut);
        Assert.Equal(2, job.Starts);
    }

    [Fact]
    public async Task A_failed_refresh_is_not_recorded_as_done_and_is_retried_with_a_doubling_backoff()
    {
        var db = await AnalyticsDatabase.CreateAsync(server);
        using var job = new FakeJob(exitCode: 3);
        await db.ExecuteAsync(AnalyticsDatabase.Edit(0));

        var failed = await AnalyticsDatabase.TickAsync(db, job, "--quiet-period", "0s");
        var backingOff = await AnalyticsDatabase.TickAsync(db, job, "--quiet-period", "0s");
        var status = await OpsBinary.RunAsync(db.Environment(), "status", "--json");

        Assert.Equal(1, failed.ExitCode);
        Assert.Contains("exited with status 3; next retry at", failed.StdErr);
        Assert.Matches(@"\(in (4m5\d|5m00)s\)", failed.StdErr);
        Assert.Equal(1L, await AnalyticsDatabase.PendingAsync(db));
        Assert.Contains("the last refresh failed (1 in a row), next retry in", backingOff.StdOut);
        Assert.Equal(1, job.Starts);
        using (var doc = JsonDocument.Parse(status.StdOut))
        {
            var analytics = doc.RootElement.GetProperty("analytics");
            Assert.Equal("failed", analytics.GetProperty("lastRefresh").GetProperty("result").GetString());
            Assert.Equal(3, analytics.GetProperty("lastRefresh").GetProperty("exitCode").GetInt32());
            Assert.Equal(1, analytics.GetProperty("failuresSinceSuccess").GetInt32());
        }

        // Five minutes pass on the database's clock.
        await db.ExecuteAsync("UPDATE analytics_refresh_runs SET finished_at = finished_at - interval '5 minutes'");
        var second = await AnalyticsDatabase.TickAsync(db, job, "--quiet-period", "0s");
        Assert.Equal(1, second.ExitCode);
        Assert.Equal(2, job.Starts);
        Assert.Matches(@"\(in (9m5\d|10m00)s\)", second.StdErr); // doubled: 10 minutes

        await db.ExecuteAsync("UPDATE analytics_refresh_runs SET finished_at = finished_at - interval '10 minutes'"); // ten more minutes pass
        job.ExitCode = 0;
        var recovered = await AnalyticsDatabase.TickAsync(db, job, "--quiet-period", "0s");
        Assert.Contains("finished refresh", recovered.StdOut);
        Assert.Equal(0L, await AnalyticsDatabase.PendingAsync(db));
    }

    [Fact]
    public async Task Retry_delay_sets_the_first_wait_after_a_failure_and_consecutive_failures_double_it_up_to_twelve_times()
    {
        var db = await AnalyticsDatabase.CreateAsync(server);
        using var job = new FakeJob(exitCode: 3);
        await db.ExecuteAsync(AnalyticsDatabase.Edit(0));

        var first = await AnalyticsDatabase.TickAsync(db, job, "--quiet-period", "0s", "--retry-delay", "1s");
        Assert.Equal(1, first.ExitCode);
        Assert.Matches(@"next retry at .*\(in (\d+ms|1\.0s)\)", first.StdErr);

        await Task.Delay(TimeSpan.FromSeconds(1.2));
        var second = await AnalyticsDatabase.TickAsync(db, job, "--quiet-period", "0s", "--retry-delay", "1s");
        Assert.Equal(2, job.Starts);
        Assert.Matches(@"next retry at .*\(in (1\.\ds|2\.0s)\)", second.StdErr); // doubled: 2 s

        // Eight more failed runs before these two make ten in a row: 1 s doubled nine times would
        // be 512 s, the cap is 12 s.
        await db.ExecuteAsync("""
            INSERT INTO analytics_refresh_runs (claimed_by, claim_expires_at, started_at, finished_at, result, exit_code)
            SELECT 'earlier', now() - interval '1 hour', now() - interval '1 hour', now() - interval '1 hour', 'failed', 3
            FROM generate_series(1, 8)
            """);
        var capped = await AnalyticsDatabase.TickAsync(db, job, "--quiet-period", "0s", "--retry-delay", "1s");
        Assert.Equal(2, job.Starts);
        Assert.Matches(@"the last refresh failed \(10 in a row\), next retry in 1[012]s", capped.StdOut);

        var bad = await AnalyticsDatabase.TickAsync(db, job, "--quiet-period", "0s", "--retry-delay", "soon");
        Assert.Equal(6, bad.ExitCode);
        Assert.Contains("--retry-delay", bad.StdErr);
        Assert.Equal(2, job.Starts);
    }

    [Fact]
    public async Task A_refresh_past_its_run_timeout_is_killed_and_counted_as_failed()
    {
        var db = await AnalyticsDatabase.CreateAsync(server);
        using var job = new FakeJob(sleepSeconds: 30);
        await db.ExecuteAsync(AnalyticsDatabase.Edit(0));

        var result = await AnalyticsDatabase.TickAsync(db, job, "--quiet-period", "0s", "--run-timeout", "1s");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("ran longer than 1.0s and was killed", result.StdErr);
        Assert.Equal(1, job.Starts);
        await Task.Delay(500);
        Assert.Equal(0, job.Ends); // the job's process tree was killed, not left running
        Assert.Equal("failed", await db.ScalarAsync<string>("SELECT result FROM analytics_refresh_runs"));
        Assert.Equal(1L, await AnalyticsDatabase.PendingAsync(db));
    }

    [Fact]
    public async Task Changes_restored_from_another_clusters_dump_are_covered_by_one_refresh_instead_of_one_every_minute()
    {
        var db = await AnalyticsDatabase.CreateAsync(server);
        using var job = new FakeJob();
        // As pg_restore writes them: transaction ids from a cluster that had handed out far more
        // than this one, which here look like transactions still to come.
        await db.ExecuteAsync(
            "INSERT INTO analytics_changes (xid, first_table, first_change_at, seen_at) " +
            "SELECT ((pg_current_xact_id()::text::bigint + 5000000 + i)::text)::xid8, 'recipes', now() - interval '1 hour', now() - interval '1 hour' " +
            "FROM generate_series(1, 3) AS i");

        var refresh = await AnalyticsDatabase.TickAsync(db, job, "--quiet-period", "0s");
        var next = await AnalyticsDatabase.TickAsync(db, job, "--quiet-period", "0s");

        Assert.True(refresh.ExitCode == 0, refresh.ToString());
        Assert.Contains("finished refresh", refresh.StdOut);
        Assert.Contains("idle", next.StdOut);
        Assert.Equal(1, job.Starts);
        Assert.Equal(0L, await AnalyticsDatabase.PendingAsync(db));
    }

    [Fact]
    public async Task A_killed_jobs_statement_that_runs_on_in_its_server_session_keeps_the_next_refresh_from_starting_until_it_ends()
    {
        var db = await AnalyticsDatabase.CreateAsync(server);
        var folder = Directory.CreateTempSubdirectory("cocktaildb-job").FullName;
        // The job sends one long statement and is killed while it runs: psql dies, and with
        // PostgreSQL's default client_connection_check_interval its session goes on sleeping.
        var job = Path.Combine(folder, "job.sh");
        File.WriteAllText(job, """
            #!/bin/bash
            echo start >> "$(dirname "$0")/starts"
            export PGHOST="$DB_HOST" PGPORT="$DB_PORT" PGUSER="$DB_USER" PGPASSWORD="$DB_PASSWORD" PGDATABASE="$DB_NAME"
            exec psql -X -q -c "SELECT pg_sleep($1)"
            """);
        File.SetUnixFileMode(job, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        int Starts() => File.Exists(Path.Combine(folder, "starts")) ? File.ReadAllLines(Path.Combine(folder, "starts")).Length : 0;
        await db.ExecuteAsync(AnalyticsDatabase.Edit(0));

        var killed = await OpsBinary.RunAsync(db.Environment(), "debounce", "--run-command", $"{job} 8", "--quiet-period", "0s", "--run-timeout", "1s", "--retry-delay", "1s");
        await Task.Delay(TimeSpan.FromSeconds(1.5)); // the retry delay has passed
        var blocked = await OpsBinary.RunAsync(db.Environment(), "debounce", "--run-command", $"{job} 0", "--quiet-period", "0s", "--retry-delay", "1s");
        var sleeping = await db.ScalarAsync<long>("SELECT count(*) FROM pg_stat_activity WHERE query LIKE 'SELECT pg_sleep(8)%' AND state = 'active'");
        await Poll.UntilAsync(async () => await db.ScalarAsync<long>("SELECT count(*) FROM pg_stat_activity WHERE query LIKE 'SELECT pg_sleep(8)%'") == 0, TimeSpan.FromSeconds(20), "the killed job's statement to end");
        var next = await OpsBinary.RunAsync(db.Environment(), "debounce", "--run-command", $"{job} 0", "--quiet-period", "0s", "--retry-delay", "1s");

        Assert.Equal(1, killed.ExitCode);
        Assert.Equal(1L, sleeping);
        Assert.True(blocked.ExitCode == 0, blocked.ToString());
        Assert.Contains("refresh 1's database work is still going on after its job ended", blocked.StdOut);
        Assert.True(next.ExitCode == 0, next.ToString());
        Assert.Contains("finished refresh 2", next.StdOut);
        Assert.Equal(2, Starts());
        Assert.Equal(0L, await AnalyticsDatabase.PendingAsync(db));
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public async Task A_running_claim_restored_from_another_clusters_dump_holds_nothing_and_its_snapshot_marks_nothing_done()
    {
        var db = await AnalyticsDatabase.CreateAsync(server);
        using var job = new FakeJob();
        await db.ExecuteAsync(AnalyticsDatabase.Edit(1));
        // As pg_restore leaves a dump taken while a refresh ran elsewhere: a live-looking claim
        // whose snapshot covers every transaction id this cluster will hand out for a long time.
        await db.ExecuteAsync(
            "INSERT INTO analytics_refresh_runs (claimed_by, claim_expires_at, started_at, covers, invocation_id, cluster_id) " +
            "VALUES ('cocktaildb-analytics.service on old-db (invocation 7)', now() + interval '1 hour', now(), " +
            "((pg_current_xact_id()::text::bigint + 5000000)::text || ':' || (pg_current_xact_id()::text::bigint + 5000000)::text || ':')::pg_snapshot, '7', 42)");

        var tick = await AnalyticsDatabase.TickAsync(db, job, "--quiet-period", "0s");

        Assert.True(tick.ExitCode == 0, tick.ToString());
        Assert.Contains("finished refresh 2", tick.StdOut);
        Assert.Equal("restored from a dump of another cluster: that run is not running here", await db.ScalarAsync<string>("SELECT detail FROM analytics_refresh_runs WHERE id = 1"));
        Assert.Equal(1, job.Starts);
    }

    [Fact]
    public async Task A_run_whose_claim_expired_but_which_then_succeeded_ends_the_backoff_of_earlier_failures()
    {
        var db = await AnalyticsDatabase.CreateAsync(server);
        using var job = new FakeJob(sleepSeconds: 3);
        await db.ExecuteAsync(AnalyticsDatabase.Edit(1));
        await db.ExecuteAsync(
            "INSERT INTO analytics_refresh_runs (claimed_by, claim_expires_at, started_at, finished_at, result, exit_code) " +
            "VALUES ('earlier', now() - interval '1 hour', now() - interval '1 hour', now() - interval '1 hour', 'failed', 3)");

        var slow = AnalyticsDatabase.TickAsync(db, job, "--quiet-period", "0s", "--retry-delay", "1s");
        await Poll.UntilAsync(() => job.Starts == 1, TimeSpan.FromSeconds(30), "the job to start");
        // Its claim runs out while it runs (its host seemed dead) and another checker expires it.
        await db.ExecuteAsync("UPDATE analytics_refresh_runs SET result = 'expired', finished_at = now() WHERE result = 'running'");
        var finished = await slow;
        await db.ExecuteAsync(AnalyticsDatabase.Edit(2));
        var status = await OpsBinary.RunAsync(db.Environment(), "status", "--json");

        Assert.True(finished.ExitCode == 0, finished.ToString());
        Assert.Equal("succeeded finished after its claim had expired", await db.ScalarAsync<string>("SELECT result || ' ' || detail FROM analytics_refresh_runs WHERE id = 2"));
        Assert.Contains("\"failuresSinceSuccess\": 0", status.StdOut);
    }
}
