using CocktailDb.Ops.Host.Tests.Harness;
using CocktailDb.Ops.Tests.Harness;
using Npgsql;

namespace CocktailDb.Ops.Host.Tests;

/// <summary>A deployed host of its own: these tests stop the debounce timer and start each check themselves.</summary>
[CollectionDefinition(Name)]
public sealed class AnalyticsRunsHostCollection : ICollectionFixture<DeployedHost>
{
    public const string Name = "analytics-runs-host";
}

/// <summary>
/// How each run of the analytics unit records itself under the real systemd, through the hooks
/// the playbook's drop-in adds (ExecCondition= 'refresh begin', ExecStopPost= 'refresh end'):
/// failed and overrunning runs keep their changes and are retried after the backoff, a start
/// that joins a run already in progress marks done only what that run saw, a stop request is
/// not a success, and a start that systemctl refuses is recorded and logged at err. The checks
/// are started by the tests (the timer is stopped) with a zero quiet period set by a drop-in.
/// </summary>
[Collection(AnalyticsRunsHostCollection.Name)]
public sealed class AnalyticsRunRecordTests(DeployedHost host) : IAsyncLifetime
{
    private const string Analytics = ManualChecks.Analytics;
    private const string Check = ManualChecks.Check;
    private const string PolkitRule = "/etc/polkit-1/rules.d/50-cocktaildb-analytics.rules";

    private readonly ManualChecks _checks = new(host);

    public Task InitializeAsync() => _checks.InitializeAsync();

    public async Task DisposeAsync()
    {
        await host.Units.RemoveDropInAsync(Analytics, "90-test-short-timeout");
        await _checks.DisposeAsync();
    }

    [Fact]
    public async Task A_failed_run_is_recorded_in_systemds_words_shown_by_status_and_retried_after_the_backoff()
    {
        await host.StandIn.SetKnobsAsync(failWith: 3, failTimes: 1);
        var before = (await host.StandIn.RunsAsync()).Count;
        await _checks.EditAsync("Gimlet");

        await _checks.CheckAsync();
        await _checks.WaitForRecordedRunsAsync(1);
        var status = await host.Shell.AsUserAsync("cocktaildb", "/usr/local/bin/cocktaildb-ops status --env-file /opt/cocktaildb/.env");
        var backingOff = await _checks.CheckAsync();

        Assert.Contains("last refresh: FAILED, job exit status 3", status.StdOut);
        Assert.Contains("cocktaildb-analytics.service exited with status 3 (systemd result exit-code)", status.StdOut);
        Assert.Contains("1 failed refresh(es) since the last success", status.StdOut);
        Assert.Contains(backingOff, l => l.Contains("the last refresh failed (1 in a row), next retry in", StringComparison.Ordinal));
        Assert.Equal(1L, await _checks.PendingAsync());
        var failures = await host.Journal.ReadAsync("-u", Analytics, "-p", "err", "--since", HostJournal.Since(DateTimeOffset.UtcNow.AddMinutes(-5)));
        Assert.Contains(failures, e => e.Message.Contains("failed: cocktaildb-analytics.service exited with status 3", StringComparison.Ordinal));

        // Five minutes pass on the database's clock: the retry is due, and this time the job succeeds.
        await _checks.SqlAsync("UPDATE analytics_refresh_runs SET finished_at = finished_at - interval '5 minutes'");
        await _checks.CheckAsync();
        await _checks.WaitForRecordedRunsAsync(2);

        Assert.Equal([3, 0], (await host.StandIn.RunsSinceAsync(before)).Select(r => r.Exit));
        Assert.Equal(0L, await _checks.PendingAsync());
    }

    [Fact]
    public async Task A_run_stopped_at_its_TimeoutStartSec_loses_neither_the_changes_it_read_nor_those_made_while_it_ran()
    {
        await host.Units.InstallDropInAsync(Analytics, "90-test-short-timeout", "[Service]\nTimeoutStartSec=5s\n");
        await host.StandIn.SetKnobsAsync(duration: TimeSpan.FromSeconds(60));
        var before = (await host.StandIn.RunsAsync()).Count;
        await _checks.EditAsync("Sidecar");

        await _checks.CheckAsync();
        await _checks.WaitForStandInRunsAsync(before + 1);
        await _checks.EditAsync("Boulevardier"); // while the overrunning job runs
        await _checks.WaitForRecordedRunsAsync(1);
        var unit = await host.Units.WaitAsync(Analytics, s => s.ActiveState is "inactive" or "failed", TimeSpan.FromSeconds(30));

        Assert.Equal("timeout", unit.Result);
        Assert.Contains("ran past its TimeoutStartSec= and was stopped", await _checks.ScalarAsync<string>("SELECT detail FROM analytics_refresh_runs"));
        Assert.Equal(2L, await _checks.PendingAsync());

        await host.Units.RemoveDropInAsync(Analytics, "90-test-short-timeout");
        await host.StandIn.ResetKnobsAsync();
        await _checks.SqlAsync("UPDATE analytics_refresh_runs SET finished_at = finished_at - interval '5 minutes'");
        await _checks.CheckAsync();
        await _checks.WaitForRecordedRunsAsync(2);

        var retry = (await host.StandIn.RunsSinceAsync(before))[^1];
        Assert.Equal(0, retry.Exit);
        Assert.Equal(0L, await _checks.PendingAsync());
        Assert.Equal(2L, retry.Changes); // the run that succeeded read both edits
    }

    [Fact]
    public async Task A_start_that_joins_a_run_already_in_progress_marks_done_only_what_that_run_saw()
    {
        await host.StandIn.SetKnobsAsync(duration: TimeSpan.FromSeconds(8));
        var before = (await host.StandIn.RunsAsync()).Count;
        await _checks.EditAsync("Negroni");

        // An operator starts a run; the check sees it running and starts nothing.
        await host.Shell.RootCheckedAsync($"systemctl start --no-block {Analytics}");
        await _checks.WaitForStandInRunsAsync(before + 1);
        await _checks.EditAsync("Americano"); // after that run read the tables
        var check = await _checks.CheckAsync();
        Assert.Contains(check, l => l.Contains("is running", StringComparison.Ordinal));

        // The way the old check started the job: a blocking start, which joins the running run
        // and returns with its result.
        var joined = await host.Shell.RootAsync($"systemctl start {Analytics}", timeout: TimeSpan.FromMinutes(1));
        await _checks.WaitForRecordedRunsAsync(1);

        Assert.Equal(0, joined.ExitCode);
        Assert.Single(await host.StandIn.RunsSinceAsync(before));
        Assert.Equal(1L, await _checks.PendingAsync()); // the edit that run never saw waits for the next run

        await host.StandIn.ResetKnobsAsync();
        await _checks.CheckAsync();
        await _checks.WaitForRecordedRunsAsync(2);
        Assert.Equal(2, (await host.StandIn.RunsSinceAsync(before)).Count);
        Assert.Equal(0L, await _checks.PendingAsync());
    }

    [Fact]
    public async Task A_run_ended_by_a_stop_request_is_not_a_success_and_keeps_its_changes()
    {
        await host.StandIn.SetKnobsAsync(duration: TimeSpan.FromSeconds(60));
        var before = (await host.StandIn.RunsAsync()).Count;
        await _checks.EditAsync("Paloma");
        await _checks.CheckAsync();
        await _checks.WaitForStandInRunsAsync(before + 1);

        await host.Shell.RootCheckedAsync($"systemctl stop {Analytics}");
        await _checks.WaitForRecordedRunsAsync(1);

        Assert.Equal("failed", await _checks.ScalarAsync<string>("SELECT result FROM analytics_refresh_runs"));
        Assert.Contains("was killed by signal TERM (systemd result signal)", await _checks.ScalarAsync<string>("SELECT detail FROM analytics_refresh_runs"));
        Assert.Equal(1L, await _checks.PendingAsync());
    }

    [Fact]
    public async Task A_run_started_while_another_hosts_refresh_runs_is_skipped_without_running_the_job_or_failing_the_unit()
    {
        var before = (await host.StandIn.RunsAsync()).Count;
        await _checks.SqlAsync(
            "INSERT INTO analytics_refresh_runs (claimed_by, claim_expires_at, invocation_id, started_at) " +
            "VALUES ('cocktaildb-analytics.service on web-2 (invocation 42)', now() + interval '1 hour', '42', now())");
        var since = DateTimeOffset.UtcNow;

        var start = await host.Shell.RootAsync($"systemctl start {Analytics}", timeout: TimeSpan.FromMinutes(1));

        Assert.Equal(0, start.ExitCode);
        Assert.Empty(await host.StandIn.RunsSinceAsync(before));
        Assert.NotEqual("failed", (await host.Units.ShowAsync(Analytics, "ActiveState")).ActiveState);
        var lines = (await host.Journal.ReadAsync("-u", Analytics, "--since", HostJournal.Since(since))).Select(e => e.Message).ToList();
        Assert.Contains(lines, l => l.Contains("skipped: refresh", StringComparison.Ordinal) && l.Contains("on web-2", StringComparison.Ordinal));
        await _checks.SqlAsync("DELETE FROM analytics_refresh_runs");
    }

    [Fact]
    public async Task A_start_that_polkit_refuses_is_recorded_as_a_failed_refresh_in_systemctls_words_and_logged_at_err()
    {
        await host.Shell.RootCheckedAsync($"mv {PolkitRule} /root/polkit-rule.saved");
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(2)); // polkitd notices the change through inotify
            await _checks.EditAsync("Daiquiri");
            var since = DateTimeOffset.UtcNow;
            await _checks.CheckAsync(mayFail: true);

            var detail = await _checks.ScalarAsync<string>("SELECT detail FROM analytics_refresh_runs WHERE result = 'failed'");
            Assert.Contains("systemctl start --no-block cocktaildb-analytics.service failed (systemctl exit status", detail);
            Assert.DoesNotContain("job exit status", detail);
            Assert.Null(await _checks.ScalarAsync<int?>("SELECT exit_code FROM analytics_refresh_runs"));
            var errors = await host.Journal.ReadAsync("-u", Check, "-p", "err", "--since", HostJournal.Since(since));
            Assert.Contains(errors, e => e.Message.Contains("failed: could not start the refresh: systemctl start --no-block", StringComparison.Ordinal));
            Assert.Equal(1L, await _checks.PendingAsync());
        }
        finally
        {
            await host.Shell.RootCheckedAsync($"mv /root/polkit-rule.saved {PolkitRule}");
        }
    }
}
