using System.Globalization;
using CocktailDb.Ops.Host.Tests.Harness;
using Npgsql;

namespace CocktailDb.Ops.Host.Tests;

/// <summary>
/// The change-triggered refresh on the deployed host, end to end: the API's role edits over
/// PostgreSQL's port, the timer starts the check, the check (as cocktaildb) asks systemd to
/// start the analytics unit, polkitd lets it, and the stand-in job records what it read. The
/// quiet period is shortened, and the timer ticks every 2 s, through drop-ins; the shipped
/// units are not edited.
/// </summary>
[Collection(DeployedHostCollection.Name)]
public sealed class AnalyticsRefreshTests(DeployedHost host)
{
    private static readonly TimeSpan QuietPeriod = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Tick = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task A_burst_of_edits_through_the_api_role_leads_to_exactly_one_analytics_run_once_the_edits_have_gone_quiet()
    {
        await host.StandIn.ResetKnobsAsync();
        await using var fast = await FastDebounce.InstallAsync(host, QuietPeriod, Tick);
        await OpsOnHost.WaitUntilSettledAsync(host, TimeSpan.FromMinutes(1));
        var before = (await host.StandIn.RunsAsync()).Count;

        // Twelve edits, each its own transaction, 0.8 s apart: the checks ticking meanwhile see
        // changes that are never quiet for 10 s, and must wait.
        await using var api = await host.Database.OpenAsApiAsync(host.Container.PostgresPort);
        var burst = Guid.NewGuid().ToString("N")[..8];
        for (var i = 0; i < 12; i++)
        {
            await using var edit = new NpgsqlCommand("INSERT INTO tags (name) VALUES ($1)", api) { Parameters = { new() { Value = $"burst-{burst}-{i}" } } };
            await edit.ExecuteNonQueryAsync();
            await Task.Delay(TimeSpan.FromMilliseconds(800));
        }

        await using var clock = new NpgsqlCommand("SELECT clock_timestamp(), (SELECT count(*) FROM tags)", api);
        DateTimeOffset lastEdit;
        long tags;
        await using (var reader = await clock.ExecuteReaderAsync())
        {
            await reader.ReadAsync();
            lastEdit = reader.GetFieldValue<DateTimeOffset>(0);
            tags = reader.GetInt64(1);
        }

        var run = await host.StandIn.WaitForFinishedRunAsync(before, QuietPeriod + TimeSpan.FromMinutes(1));
        // Long enough for several more checks to see nothing left to do.
        await Task.Delay(QuietPeriod + 3 * Tick);

        Assert.Equal([run.Invocation], (await host.StandIn.RunsSinceAsync(before)).Select(r => r.Invocation));
        Assert.True(run.StartedAt >= lastEdit + QuietPeriod, $"the run started at {run.StartedAt:O}, before the quiet period after the last edit ({lastEdit:O}) was over");
        Assert.Equal(0, run.Exit);
        Assert.Equal(tags, run.Rows["tags"]);
        Assert.Equal(0, (await OpsOnHost.AnalyticsStatusAsync(host)).GetProperty("unprocessedChanges").GetInt64());

        // Only the check could have asked for that run (the test did not, the daily timer is
        // disabled), and it runs as cocktaildb: systemd put the request to polkitd, whose rule
        // allows that user exactly this (PolkitRuleTests).
        var uid = int.Parse(await host.Shell.RootCheckedAsync($"id -u {OpsOnHost.Account}"), CultureInfo.InvariantCulture);
        var checks = await host.Journal.ReadAsync("_SYSTEMD_UNIT=" + FastDebounce.Service, "--since", HostJournal.Since(lastEdit), "--until", HostJournal.Since(run.StartedAt));
        Assert.NotEmpty(checks);
        Assert.All(checks, e => Assert.Equal(uid, e.Uid));
        Assert.Equal("inactive", (await host.Units.ShowAsync("cocktaildb-analytics.timer", "ActiveState")).ActiveState);
    }
}
