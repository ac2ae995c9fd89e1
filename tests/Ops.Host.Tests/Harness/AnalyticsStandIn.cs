using System.Globalization;
using System.Text.Json;

namespace CocktailDb.Ops.Host.Tests.Harness;

/// <summary>
/// One run of the stand-in analytics job (tests/host-image/analytics-standin.sh): when it read
/// the watched tables (database clock), what it saw (and how many database sessions of other runs
/// were open then), and how it ended (null while it runs, or when it was stopped before it finished).
/// </summary>
internal sealed record AnalyticsRun(
    string Invocation,
    DateTimeOffset StartedAt,
    string Snapshot,
    long Changes,
    long OthersAlive,
    IReadOnlyDictionary<string, long> Rows,
    string Hash,
    DateTimeOffset? EndedAt,
    int? Exit);

/// <summary>
/// The host's stand-in cocktaildb-analytics.service: its knobs (run long, fail, fail a few times)
/// and its run log. Knobs are read at the start of each run and stay until changed.
/// </summary>
internal sealed class AnalyticsStandIn(HostShell shell)
{
    public const string Unit = "cocktaildb-analytics.service";
    public const string KnobDirectory = "/etc/cocktaildb-analytics-standin";
    public const string RunLog = "/var/lib/cocktaildb-analytics-standin/runs.jsonl";

    /// <summary>
    /// Sets how the next runs behave: take <paramref name="duration"/>, spend
    /// <paramref name="statement"/> in one statement of its database session first, exit 0 at
    /// once on SIGTERM (<paramref name="trapTerm"/>), exit with <paramref name="failWith"/>, and
    /// (with it) fail only <paramref name="failTimes"/> more runs. Null (false) clears a knob.
    /// </summary>
    public async Task SetKnobsAsync(TimeSpan? duration = null, int? failWith = null, int? failTimes = null, TimeSpan? statement = null, bool trapTerm = false)
    {
        static string Knob(string name, string? value) =>
            value is null ? $"rm -f {KnobDirectory}/{name}" : $"echo {value} > {KnobDirectory}/{name}";

        // As cocktaildb, the account the job runs as: it counts fail-times down itself.
        var result = await shell.AsUserAsync("cocktaildb", string.Join(" && ", [
            Knob("duration", duration?.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)),
            Knob("statement", statement?.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)),
            Knob("trap-term", trapTerm ? "yes" : null),
            Knob("fail", failWith?.ToString(CultureInfo.InvariantCulture)),
            Knob("fail-times", failTimes?.ToString(CultureInfo.InvariantCulture)),
        ]));
        Assert.True(result.ExitCode == 0, result.ToString());
    }

    public Task ResetKnobsAsync() => SetKnobsAsync();

    /// <summary>Every run recorded so far, oldest first.</summary>
    public async Task<IReadOnlyList<AnalyticsRun>> RunsAsync()
    {
        var log = await shell.RootCheckedAsync($"cat {RunLog} 2>/dev/null || true");
        var runs = new List<AnalyticsRun>();
        foreach (var line in log.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            using var document = JsonDocument.Parse(line);
            var record = document.RootElement;
            var invocation = record.GetProperty("invocation").GetString()!;
            if (record.GetProperty("event").GetString() == "start")
            {
                runs.Add(new AnalyticsRun(
                    invocation,
                    record.GetProperty("at").GetDateTimeOffset(),
                    record.GetProperty("snapshot").GetString()!,
                    record.GetProperty("changes").GetInt64(),
                    record.GetProperty("othersAlive").GetInt64(),
                    record.GetProperty("rows").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt64()),
                    record.GetProperty("hash").GetString()!,
                    null,
                    null));
            }
            else
            {
                var index = runs.FindLastIndex(r => r.Invocation == invocation);
                Assert.True(index >= 0, $"an end without a start in {RunLog}: {line}");
                runs[index] = runs[index] with { EndedAt = record.GetProperty("at").GetDateTimeOffset(), Exit = record.GetProperty("exit").GetInt32() };
            }
        }

        return runs;
    }

    /// <summary>The runs that started after the first <paramref name="before"/> runs (a count taken earlier).</summary>
    public async Task<IReadOnlyList<AnalyticsRun>> RunsSinceAsync(int before) => (await RunsAsync()).Skip(before).ToList();

    /// <summary>The first run after the first <paramref name="before"/> runs, once it has ended; fails after <paramref name="timeout"/>.</summary>
    public async Task<AnalyticsRun> WaitForFinishedRunAsync(int before, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var runs = await RunsSinceAsync(before);
            if (runs.Count > 0 && runs[0].EndedAt is not null)
            {
                return runs[0];
            }

            Assert.True(DateTime.UtcNow < deadline, $"no finished analytics run within {timeout}; runs since: {runs.Count}");
            await Task.Delay(TimeSpan.FromSeconds(1));
        }
    }
}
