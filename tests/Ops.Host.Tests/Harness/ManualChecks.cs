using CocktailDb.Ops.Tests.Harness;
using Npgsql;

namespace CocktailDb.Ops.Host.Tests.Harness;

/// <summary>
/// A deployed host whose debounce checks the test starts itself, one at a time, the way the timer
/// would (the timer is stopped), with a zero quiet period set by a drop-in; every test begins with
/// an empty change log, no refresh history and the stand-in's knobs reset. Disposing puts the
/// shipped schedule back.
/// </summary>
internal sealed class ManualChecks(SimulatedHost host)
{
    public const string Analytics = "cocktaildb-analytics.service";
    public const string Check = "cocktaildb-analytics-debounce.service";
    public const string Timer = "cocktaildb-analytics-debounce.timer";
    private const string NoQuietPeriod = "90-test-no-quiet-period";

    public async Task InitializeAsync()
    {
        await host.Shell.RootCheckedAsync($"systemctl stop {Timer}");
        await host.Units.InstallDropInAsync(Check, NoQuietPeriod, """
            [Service]
            ExecStart=
            ExecStart=/usr/local/bin/cocktaildb-ops debounce --env-file /opt/cocktaildb/.env --quiet-period 0s
            """);
        await host.StandIn.ResetKnobsAsync();
        await host.Units.WaitAsync(Analytics, s => s.ActiveState is "inactive" or "failed", TimeSpan.FromMinutes(2));
        await host.Shell.RootCheckedAsync($"systemctl reset-failed {Analytics} || true");
        await SqlAsync("DELETE FROM analytics_changes; DELETE FROM analytics_refresh_runs");
    }

    public async Task DisposeAsync()
    {
        await host.Units.RemoveDropInAsync(Check, NoQuietPeriod);
        await host.StandIn.ResetKnobsAsync();
        await host.Shell.RootCheckedAsync($"systemctl start {Timer}");
    }

    /// <summary>Starts one check as the timer would and returns the lines it logged.</summary>
    public async Task<IReadOnlyList<string>> CheckAsync(bool mayFail = false)
    {
        var since = DateTimeOffset.UtcNow;
        var start = await host.Shell.RootAsync($"systemctl start {Check}", timeout: TimeSpan.FromMinutes(2));
        Assert.True(mayFail || start.ExitCode == 0, start.ToString());
        return (await host.Journal.ReadAsync("_SYSTEMD_UNIT=" + Check, "--since", HostJournal.Since(since))).Select(e => e.Message).ToList();
    }

    /// <summary>One edit through the API's role, over PostgreSQL's published port.</summary>
    public async Task EditAsync(string recipe)
    {
        await using var api = await host.Database.OpenAsApiAsync(host.Container.PostgresPort);
        await using var edit = new NpgsqlCommand("INSERT INTO recipes (name) VALUES ($1)", api) { Parameters = { new() { Value = recipe } } };
        await edit.ExecuteNonQueryAsync();
    }

    public Task<long> PendingAsync() => ScalarAsync<long>("SELECT count(*) FROM analytics_changes");

    /// <summary>Waits until the unit's ExecStopPost= has recorded <paramref name="count"/> finished runs and the unit is down.</summary>
    public async Task WaitForRecordedRunsAsync(int count)
    {
        await Poll.UntilAsync(
            async () => await ScalarAsync<long>("SELECT count(*) FROM analytics_refresh_runs WHERE finished_at IS NOT NULL") >= count,
            TimeSpan.FromMinutes(2),
            $"{count} recorded runs");
        await host.Units.WaitAsync(Analytics, s => s.ActiveState is "inactive" or "failed", TimeSpan.FromMinutes(1));
    }

    /// <summary>Waits until the stand-in has started <paramref name="count"/> runs in all.</summary>
    public Task WaitForStandInRunsAsync(int count) =>
        Poll.UntilAsync(async () => (await host.StandIn.RunsAsync()).Count >= count, TimeSpan.FromMinutes(1), "the analytics job to start");

    public async Task SqlAsync(string sql)
    {
        await using var api = await host.Database.OpenAsApiAsync(host.Container.PostgresPort);
        await using var command = new NpgsqlCommand(sql, api);
        await command.ExecuteNonQueryAsync();
    }

    public async Task<T> ScalarAsync<T>(string sql)
    {
        await using var api = await host.Database.OpenAsApiAsync(host.Container.PostgresPort);
        await using var command = new NpgsqlCommand(sql, api);
        var value = await command.ExecuteScalarAsync();
        return value is DBNull ? default! : (T)value!;
    }
}
