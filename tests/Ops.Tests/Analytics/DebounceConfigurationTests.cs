using System.Net;
using System.Net.Sockets;
using CocktailDb.Ops.Tests.Harness;

namespace CocktailDb.Ops.Tests.Analytics;

[Collection(AnalyticsPostgresCollection.Name)]
public sealed class DebounceConfigurationTests(PostgresServer server)
{
    /// <summary>DB_* settings pointing at a closed loopback port: any attempt to connect would give exit 5.</summary>
    private static Dictionary<string, string?> UnreachableDatabase()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        return new Dictionary<string, string?>
        {
            ["DB_HOST"] = "127.0.0.1", ["DB_PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["DB_USER"] = "postgres", ["DB_PASSWORD"] = "unused", ["DB_NAME"] = "cocktaildb",
        };
    }

    [Theory]
    [InlineData("--quiet-period", "15x", "--quiet-period '15x' is not a duration")]
    [InlineData("--quiet-period", "-5m", "--quiet-period '-5m' is not a duration")]
    [InlineData("--max-wait", "0s", "--max-wait must be longer than zero")]
    [InlineData("--run-timeout", "ten", "--run-timeout 'ten' is not a duration")]
    [InlineData("--run-command", "/nonexistent/analytics-job", "program '/nonexistent/analytics-job' was not found")]
    [InlineData("--run-command", "no-such-program-here --flag", "program 'no-such-program-here' was not found on PATH")]
    [InlineData("--run-command", "systemctl start cocktaildb-analytics.service", "cannot drive systemd ('systemctl')")]
    [InlineData("--run-command", "/usr/bin/systemctl start x.service", "use --unit NAME")]
    [InlineData("--unit", "cocktaildb analytics", "--unit 'cocktaildb analytics' is not a systemd unit name")]
    [InlineData("--unit", "--no-block", "is not a systemd unit name")]
    public async Task Bad_configuration_is_exit_6_naming_the_problem_before_touching_the_database(string option, string value, string message)
    {
        var result = await OpsBinary.RunAsync(UnreachableDatabase(), "debounce", option, value);

        Assert.Equal(6, result.ExitCode);
        Assert.Contains(message, result.StdErr);
        Assert.DoesNotContain("cannot connect", result.StdErr);
    }

    [Fact]
    public async Task A_bad_analytics_debounce_minutes_variable_is_exit_6()
    {
        var env = UnreachableDatabase();
        env["ANALYTICS_DEBOUNCE_MINUTES"] = "fifteen";

        var result = await OpsBinary.RunAsync(env, "debounce", "--run-command", "true");

        Assert.Equal(6, result.ExitCode);
        Assert.Contains("ANALYTICS_DEBOUNCE_MINUTES must be a whole number of minutes", result.StdErr);
    }

    [Fact]
    public async Task Analytics_debounce_minutes_sets_the_quiet_period_as_in_the_old_script()
    {
        var db = await AnalyticsDatabase.CreateAsync(server);
        using var job = new FakeJob();
        await db.ExecuteAsync(AnalyticsDatabase.Edit(3));
        var env = db.Environment();
        env["ANALYTICS_DEBOUNCE_MINUTES"] = "7";

        var result = await OpsBinary.RunAsync(env, "debounce", "--run-command", job.Command);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("(quiet period: 7m00s)", result.StdOut);
        Assert.Equal(0, job.Starts);
    }

    [Fact]
    public async Task An_idle_tick_is_one_short_connection_and_no_writes()
    {
        var db = await AnalyticsDatabase.CreateAsync(server);
        using var job = new FakeJob();
        // A database that refuses every write: an idle tick that wrote anything would fail.
        await db.ExecuteAsync($"ALTER DATABASE \"{db.Name}\" SET default_transaction_read_only = on");
        // One monitoring connection stays open, so the only sessions that end are the tick's.
        await using var monitor = await db.OpenAsync();
        var sessionsBefore = await SessionsAsync(monitor);

        var tick = await AnalyticsDatabase.TickAsync(db, job, "--quiet-period", "0s");

        Assert.True(tick.ExitCode == 0, tick.ToString());
        Assert.Equal("idle: no unprocessed changes\n", tick.StdOut);
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (await SessionsAsync(monitor) == sessionsBefore && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50); // a session is counted when it ends
        }

        await Task.Delay(300);
        Assert.Equal(1, await SessionsAsync(monitor) - sessionsBefore);
        Assert.Equal(0, job.Starts);
    }

    private static async Task<long> SessionsAsync(Npgsql.NpgsqlConnection monitor)
    {
        await using var command = new Npgsql.NpgsqlCommand("SELECT sessions FROM pg_stat_database WHERE datname = current_database()", monitor);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    [Fact]
    public async Task Status_shows_unprocessed_changes_the_last_refresh_and_the_next_eligible_time()
    {
        var db = await AnalyticsDatabase.CreateAsync(server);
        using var job = new FakeJob();
        await db.ExecuteAsync(AnalyticsDatabase.Edit(0));
        await AnalyticsDatabase.TickAsync(db, job, "--quiet-period", "0s");
        await db.ExecuteAsync(AnalyticsDatabase.Edit(1));
        await db.ExecuteAsync(AnalyticsDatabase.Edit(2));

        var status = await OpsBinary.RunAsync(db.Environment(), "status");

        Assert.Equal(0, status.ExitCode);
        // No check has seen these two yet: their commit time is unknown, and status says so
        // instead of passing off the time of the query as a commit time.
        Assert.Matches(@"analytics: 2 unprocessed changes \(oldest \d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ, last commit 2 not yet seen by a check\)", status.StdOut);
        Assert.Matches(@"last refresh: SUCCEEDED, job exit status 0, started \d{4}-.*, ended \d{4}-", status.StdOut);
        Assert.Matches(@"next eligible: \d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ \(quiet period\)", status.StdOut);

        var waiting = await AnalyticsDatabase.TickAsync(db, job, "--quiet-period", "1h");
        var seen = await OpsBinary.RunAsync(db.Environment(), "status");
        Assert.Contains("waiting: 2 unprocessed changes, last commit 2 not yet seen by a check", waiting.StdOut);
        Assert.Matches(@"last commit seen \d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ\)", seen.StdOut);
    }
}
