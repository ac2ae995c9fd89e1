using System.Text.Json;
using CocktailDb.Ops.Host.Tests.Harness;
using CocktailDb.Ops.Tests.Harness;

namespace CocktailDb.Ops.Host.Tests;

/// <summary>
/// The ways a run can end, or be kept from starting, that systemd's own verdict does not tell:
/// a job that answers a stop request's SIGTERM with exit 0, a killed job whose statement runs on
/// in its database session, a drop-in that overrides what the hooks rely on, and a hook that
/// fails before it can record anything. Under the real systemd, with the stand-in job set up
/// like the real unit (User=cocktaildb, EnvironmentFile=/opt/cocktaildb/.env).
/// </summary>
[Collection(AnalyticsRunsHostCollection.Name)]
public sealed class RunEndingTests(DeployedHost host) : IAsyncLifetime
{
    private const string Analytics = ManualChecks.Analytics;
    private const string Check = ManualChecks.Check;
    private const string Override = "99-test-override";

    private readonly ManualChecks _checks = new(host);

    public Task InitializeAsync() => _checks.InitializeAsync();

    public async Task DisposeAsync()
    {
        await host.StandIn.ResetKnobsAsync();
        await host.Units.RemoveDropInAsync(Analytics, Override);
        await host.Units.RemoveDropInAsync(Check, Override);
        await host.Shell.RootAsync($"systemctl stop {Analytics}; systemctl reset-failed {Analytics}");
        await _checks.DisposeAsync();
    }

    [Theory]
    [InlineData("stop")]
    [InlineData("restart")]
    public async Task A_job_that_answers_the_SIGTERM_of_a_stop_request_with_exit_0_has_not_succeeded(string verb)
    {
        await host.StandIn.SetKnobsAsync(duration: TimeSpan.FromSeconds(60), trapTerm: true);
        var before = (await host.StandIn.RunsAsync()).Count;
        await _checks.EditAsync("Paloma " + verb);
        await _checks.CheckAsync();
        await _checks.WaitForStandInRunsAsync(before + 1);

        await host.Shell.RootCheckedAsync($"systemctl {verb} --no-block {Analytics}");
        await Poll.UntilAsync(
            async () => await _checks.ScalarAsync<long>("SELECT count(*) FROM analytics_refresh_runs WHERE finished_at IS NOT NULL") >= 1,
            TimeSpan.FromMinutes(1),
            "the stopped run to be recorded");

        var detail = await _checks.ScalarAsync<string>("SELECT result || ': ' || detail FROM analytics_refresh_runs ORDER BY id LIMIT 1");
        Assert.Equal($"failed: {Analytics} was ended by a {verb} job for the unit before it finished (exited 0), so its changes are not marked done", detail);
        Assert.Null((await host.StandIn.RunsSinceAsync(before))[0].EndedAt); // the job's own record: it never finished
        Assert.True(await _checks.PendingAsync() >= 1);
    }

    [Fact]
    public async Task A_reboot_while_a_job_that_exits_0_on_SIGTERM_runs_leaves_its_changes_for_the_next_refresh()
    {
        await host.StandIn.SetKnobsAsync(duration: TimeSpan.FromSeconds(120), trapTerm: true);
        var before = (await host.StandIn.RunsAsync()).Count;
        await _checks.EditAsync("Last Word");
        await _checks.CheckAsync();
        await _checks.WaitForStandInRunsAsync(before + 1);

        await host.RebootAsync();
        // The timer is enabled, so the boot starts it again: these checks are the test's own.
        await host.Shell.RootCheckedAsync($"systemctl stop {ManualChecks.Timer}");

        // Recorded at shutdown, before PostgreSQL on the same host stopped: not left to expire.
        var run = await _checks.ScalarAsync<string>("SELECT result || ': ' || coalesce(detail, '') FROM analytics_refresh_runs ORDER BY id LIMIT 1");
        Assert.StartsWith($"failed: {Analytics} was ended by ", run);
        Assert.EndsWith("before it finished (exited 0), so its changes are not marked done", run);
        Assert.Null((await host.StandIn.RunsSinceAsync(before))[0].EndedAt);
        Assert.True(await _checks.PendingAsync() >= 1);
    }

    [Fact]
    public async Task A_killed_jobs_statement_that_runs_on_in_the_database_keeps_the_next_run_from_starting_until_it_is_over()
    {
        // Retries without the 5 minute wait, by a drop-in as an operator would shorten it.
        await host.Units.InstallDropInAsync(Check, Override, """
            [Service]
            ExecStart=
            ExecStart=/usr/local/bin/cocktaildb-ops debounce --env-file /opt/cocktaildb/.env --quiet-period 0s --retry-delay 1s
            """);
        await host.StandIn.SetKnobsAsync(statement: TimeSpan.FromSeconds(25));
        var before = (await host.StandIn.RunsAsync()).Count;
        await _checks.EditAsync("Corpse Reviver");
        await _checks.CheckAsync();
        await _checks.WaitForStandInRunsAsync(before + 1);
        await Poll.UntilAsync(StatementRunsAsync, TimeSpan.FromSeconds(30), "the job's statement to start");

        // SIGTERM to every process of the run: psql dies, its server session sleeps on.
        await host.Shell.RootCheckedAsync($"systemctl stop {Analytics}");
        await host.StandIn.ResetKnobsAsync();
        await Task.Delay(TimeSpan.FromSeconds(1.5)); // past the retry delay
        var check = await _checks.CheckAsync();
        var manual = await host.Shell.RootAsync($"systemctl start {Analytics}", timeout: TimeSpan.FromMinutes(1));
        var stillRunning = await StatementRunsAsync();
        var killed = await _checks.ScalarAsync<long>("SELECT min(id) FROM analytics_refresh_runs");

        Assert.Contains(check, l => l.Contains($"refresh {killed}'s database work is still going on after its job ended", StringComparison.Ordinal));
        Assert.Equal(0, manual.ExitCode); // skipped by its ExecCondition=, not failed
        Assert.True(stillRunning, "the statement ended before the checks above; the test proved nothing");
        Assert.Single(await host.StandIn.RunsSinceAsync(before));

        await Poll.UntilAsync(async () => !await StatementRunsAsync(), TimeSpan.FromSeconds(40), "the killed job's statement to end");
        await _checks.CheckAsync();
        var next = await host.StandIn.WaitForFinishedRunAsync(before + 1, TimeSpan.FromMinutes(1));

        Assert.Equal(0, next.Exit);
        Assert.Equal(0, next.OthersAlive);
        await _checks.WaitForRecordedRunsAsync(2);
        Assert.Equal(0L, await _checks.PendingAsync());
    }

    [Theory]
    [InlineData("KillMode=process", "KillMode=process: it must be control-group")]
    [InlineData("RemainAfterExit=yes", "RemainAfterExit=yes: it must be no")]
    [InlineData("TimeoutStartSec=infinity", "TimeoutStartSec=infinity: it must be a finite time")]
    [InlineData("SendSIGKILL=no", "SendSIGKILL=no: it must be yes")]
    public async Task An_override_of_a_setting_the_hooks_rely_on_is_refused_by_the_check_and_by_the_unit_itself(string setting, string reason)
    {
        await host.Units.InstallDropInAsync(Analytics, Override, $"[Service]\n{setting}\n");
        var before = (await host.StandIn.RunsAsync()).Count;
        await _checks.EditAsync("Override " + setting);

        await _checks.CheckAsync(mayFail: true);
        var recorded = await _checks.ScalarAsync<string>("SELECT detail FROM analytics_refresh_runs WHERE result = 'failed'");
        var manual = await host.Shell.RootAsync($"systemctl start {Analytics}", timeout: TimeSpan.FromMinutes(1));
        var unitLog = (await host.Journal.ReadAsync("-u", Analytics, "-p", "err", "-n", "20")).Select(e => e.Message).ToList();

        Assert.Contains($"{Analytics} cannot run a refresh safely: {reason}", recorded);
        Assert.Contains($"{Override}.conf", recorded); // where to look
        Assert.NotEqual(0, manual.ExitCode);
        Assert.Equal("failed", (await host.Units.ShowAsync(Analytics, "ActiveState")).ActiveState);
        Assert.Contains(unitLog, l => l.Contains(reason, StringComparison.Ordinal));
        Assert.Empty(await host.StandIn.RunsSinceAsync(before));
        Assert.Equal(1L, await _checks.PendingAsync());
    }

    [Fact]
    public async Task A_hook_that_fails_before_it_can_record_fails_the_unit_and_the_check_records_it_with_the_backoff_of_a_failed_refresh()
    {
        // A mistyped option: systemd would read exit 2 from ExecCondition= as "skip this run".
        await host.Units.InstallDropInAsync(Analytics, Override, """
            [Service]
            ExecCondition=
            ExecCondition=+/usr/local/bin/cocktaildb-ops refresh begin --unit %n --env-file /opt/cocktaildb/.env --no-such-option
            """);
        var before = (await host.StandIn.RunsAsync()).Count;
        await _checks.EditAsync("Typo");

        await _checks.CheckAsync();
        var failedUnit = await host.Units.WaitAsync(Analytics, s => s.ActiveState is "failed" or "inactive", TimeSpan.FromMinutes(1));
        var recording = await _checks.CheckAsync(mayFail: true);
        var backingOff = await _checks.CheckAsync();
        var status = await OpsOnHost.RunAsync(host, "status --env-file /opt/cocktaildb/.env");

        Assert.Equal("failed", failedUnit.ActiveState);
        Assert.Contains(recording, l => l.Contains($"run {failedUnit["InvocationID"]} failed (systemd result exit-code) before it could record itself", StringComparison.Ordinal));
        Assert.Contains(backingOff, l => l.Contains("the last refresh failed (1 in a row), next retry in", StringComparison.Ordinal));
        Assert.Contains("before it could record itself", status.StdOut);
        Assert.Contains("1 failed refresh(es) since the last success", status.StdOut);
        Assert.Empty(await host.StandIn.RunsSinceAsync(before));
        Assert.Equal(1L, await _checks.PendingAsync());
    }

    [Fact]
    public async Task Status_tells_when_the_refresh_is_due_by_the_settings_the_timers_check_runs_with()
    {
        await _checks.EditAsync("Status");
        var environmentFiles = await host.Shell.RootCheckedAsync($"systemctl show -p EnvironmentFiles --value {Analytics}");

        var status = await OpsOnHost.RunAsync(host, "status --env-file /opt/cocktaildb/.env");
        var json = await OpsOnHost.AnalyticsStatusAsync(host);

        // The check runs with --quiet-period 0s (a drop-in), not the 15 minutes of the defaults.
        Assert.Contains("the check decides with quiet period 0ms, max wait 2h00m, retry delay 5m00s (as cocktaildb-analytics-debounce.service runs the check)", status.StdOut);
        Assert.Equal("Due", json.GetProperty("decision").GetString());
        Assert.Equal(0, json.GetProperty("check").GetProperty("quietPeriodSeconds").GetDouble());

        // The hooks read the password from the env file by Docker Compose's rules, although the
        // unit's EnvironmentFile= hands it to them with '$$' as systemd reads it.
        Assert.StartsWith("/opt/cocktaildb/.env", environmentFiles.Trim());
        await _checks.CheckAsync();
        await _checks.WaitForRecordedRunsAsync(1);
        Assert.Equal("succeeded", await _checks.ScalarAsync<string>("SELECT result FROM analytics_refresh_runs"));
        Assert.Equal(JsonValueKind.Null, (await OpsOnHost.AnalyticsStatusAsync(host)).GetProperty("running").ValueKind);
    }

    private async Task<bool> StatementRunsAsync() =>
        await _checks.ScalarAsync<long>(
            "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'cocktaildb-analytics-standin' AND query LIKE 'SELECT pg_sleep%' AND state = 'active'") > 0;
}
