using CocktailDb.Ops.Tests.Harness;

namespace CocktailDb.Ops.Tests.Analytics;

/// <summary>
/// The analytics unit's hooks, `refresh begin` (ExecCondition=) and `refresh end`
/// (ExecStopPost=), run as systemd runs them: the real binary with the environment systemd
/// gives a unit's processes (INVOCATION_ID; SERVICE_RESULT, EXIT_CODE, EXIT_STATUS after the
/// job). The same hooks under the real systemd are proven in tests/Ops.Host.Tests.
/// </summary>
[Collection(AnalyticsPostgresCollection.Name)]
public sealed class UnitRunHookTests(PostgresServer server)
{
    private const string Unit = "cocktaildb-analytics.service";

    private static Task<ProcessResult> BeginAsync(TestDatabase db, string invocation, string runTimeout = "70min") =>
        OpsBinary.RunAsync(Env(db, ("INVOCATION_ID", invocation)), "refresh", "begin", "--unit", Unit, "--run-timeout", runTimeout);

    private static Task<ProcessResult> EndAsync(TestDatabase db, string invocation, string serviceResult, string exitCode, string exitStatus) =>
        OpsBinary.RunAsync(
            Env(db, ("INVOCATION_ID", invocation), ("SERVICE_RESULT", serviceResult), ("EXIT_CODE", exitCode), ("EXIT_STATUS", exitStatus)),
            "refresh", "end", "--unit", Unit);

    private static Dictionary<string, string?> Env(TestDatabase db, params (string Name, string Value)[] extra)
    {
        var environment = db.Environment();
        foreach (var (name, value) in extra)
        {
            environment[name] = value;
        }

        return environment;
    }

    [Fact]
    public async Task A_run_that_exits_0_marks_done_exactly_what_it_covered_at_its_start()
    {
        var db = await AnalyticsDatabase.CreateAsync(server);
        await db.ExecuteAsync(AnalyticsDatabase.Edit(0));
        await db.ExecuteAsync(AnalyticsDatabase.Edit(1));

        var begin = await BeginAsync(db, "a1");
        await db.ExecuteAsync(AnalyticsDatabase.Edit(2)); // committed while the job runs
        var end = await EndAsync(db, "a1", "success", "exited", "0");

        Assert.True(begin.ExitCode == 0, begin.ToString());
        Assert.Contains("covers 2 unprocessed changes; the job may start", begin.StdOut);
        Assert.True(end.ExitCode == 0, end.ToString());
        Assert.Contains("succeeded; 2 covered changes marked done", end.StdOut);
        Assert.Equal("recipes", await db.ScalarAsync<string>("SELECT string_agg(first_table, ',') FROM analytics_changes"));
        Assert.Equal("succeeded a1", await db.ScalarAsync<string>("SELECT result || ' ' || invocation_id FROM analytics_refresh_runs"));
    }

    [Fact]
    public async Task A_second_run_while_one_is_running_is_skipped_cleanly_with_exit_1_and_records_nothing()
    {
        var db = await AnalyticsDatabase.CreateAsync(server);
        await db.ExecuteAsync(AnalyticsDatabase.Edit(0));

        var first = await BeginAsync(db, "first");
        var second = await BeginAsync(db, "second");
        var secondEnd = await EndAsync(db, "second", "exec-condition", "exited", "1");

        Assert.Equal(0, first.ExitCode);
        Assert.True(second.ExitCode == 1, second.ToString()); // ExecCondition=: skip this run, don't fail the unit
        Assert.Contains($"skipped: refresh", second.StdOut);
        Assert.Contains("(invocation first)", second.StdOut);
        Assert.Equal(0, secondEnd.ExitCode);
        Assert.Contains("claimed no refresh", secondEnd.StdOut);
        Assert.Equal(1L, await db.ScalarAsync<long>("SELECT count(*) FROM analytics_refresh_runs"));
        Assert.Equal(1L, await AnalyticsDatabase.PendingAsync(db));
    }

    [Theory]
    [InlineData("exit-code", "exited", "3", "exited with status 3 (systemd result exit-code)", 3)]
    [InlineData("timeout", "killed", "TERM", "ran past its TimeoutStartSec= and was stopped", null)]
    [InlineData("signal", "killed", "KILL", "was killed by signal KILL", null)]
    // A stop request ends the job with SIGTERM; with SuccessExitStatus=TERM systemd calls that
    // "success". The job never finished reading, so nothing may be marked done.
    [InlineData("success", "killed", "TERM", "was stopped before it finished", null)]
    public async Task A_run_that_did_not_exit_0_by_itself_is_recorded_as_failed_and_keeps_its_changes(
        string serviceResult, string exitCode, string exitStatus, string detail, int? jobStatus)
    {
        var db = await AnalyticsDatabase.CreateAsync(server);
        await db.ExecuteAsync(AnalyticsDatabase.Edit(0));

        var begin = await BeginAsync(db, "r1");
        var end = await EndAsync(db, "r1", serviceResult, exitCode, exitStatus);
        var status = await OpsBinary.RunAsync(db.Environment(), "status");

        Assert.Equal(0, begin.ExitCode);
        Assert.True(end.ExitCode == 0, end.ToString());
        Assert.Contains(detail, end.StdErr);
        Assert.Equal(1L, await AnalyticsDatabase.PendingAsync(db));
        Assert.Equal("failed", await db.ScalarAsync<string>("SELECT result FROM analytics_refresh_runs"));
        Assert.Equal(jobStatus ?? -1, await db.ScalarAsync<int>("SELECT coalesce(exit_code, -1) FROM analytics_refresh_runs"));
        Assert.Contains("last refresh: FAILED", status.StdOut);
        Assert.Contains(detail, status.StdOut);
        Assert.Contains("1 failed refresh(es) since the last success", status.StdOut);
    }

    [Fact]
    public async Task Begin_fails_the_unit_with_255_when_it_cannot_record_so_the_job_never_runs_unrecorded()
    {
        var db = await AnalyticsDatabase.CreateAsync(server);
        var noInvocation = await OpsBinary.RunAsync(db.Environment(), "refresh", "begin", "--unit", Unit, "--run-timeout", "70min");
        var environment = Env(db, ("INVOCATION_ID", "x1"));
        environment["DB_PORT"] = "1"; // nothing listens there
        var noDatabase = await OpsBinary.RunAsync(environment, "refresh", "begin", "--unit", Unit, "--run-timeout", "70min");

        Assert.Equal(255, noInvocation.ExitCode);
        Assert.Contains("INVOCATION_ID is not set", noInvocation.StdErr);
        Assert.Equal(255, noDatabase.ExitCode);
        Assert.Contains("cannot connect", noDatabase.StdErr);
        Assert.DoesNotContain(PostgresServer.Password, noDatabase.Output);
        Assert.Equal(0L, await db.ScalarAsync<long>("SELECT count(*) FROM analytics_refresh_runs"));
    }

    [Fact]
    public async Task A_run_whose_claim_expired_while_it_ran_still_marks_done_what_it_saw()
    {
        var db = await AnalyticsDatabase.CreateAsync(server);
        await db.ExecuteAsync(AnalyticsDatabase.Edit(0));
        await BeginAsync(db, "slow");
        // The claim runs out (its host seemed dead) and a checker expires it.
        await db.ExecuteAsync("UPDATE analytics_refresh_runs SET claim_expires_at = now() - interval '1 second'");
        var other = await BeginAsync(db, "next");
        await db.ExecuteAsync(AnalyticsDatabase.Edit(3)); // after both runs began

        var slowEnd = await EndAsync(db, "slow", "success", "exited", "0");

        Assert.Equal(0, other.ExitCode);
        Assert.True(slowEnd.ExitCode == 0, slowEnd.ToString());
        Assert.Equal(1L, await AnalyticsDatabase.PendingAsync(db)); // only the edit made after both began
        Assert.Equal("expired running", await db.ScalarAsync<string>("SELECT string_agg(result, ' ' ORDER BY id) FROM analytics_refresh_runs"));
    }
}
