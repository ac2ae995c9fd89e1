using System.Globalization;
using System.Text.Json;
using CocktailDb.Bench.Soak;
using CocktailDb.Ops.Host.Tests.Harness;
using Npgsql;

namespace CocktailDb.Ops.Host.Tests.Soak;

/// <summary>What one soak did and found.</summary>
internal sealed record SystemdSoakResult(int Schedules, SoakVerdict.Verdict Verdict, string Faults);

/// <summary>
/// The fault soak of the analytics refresh on the path production runs: on each of the cluster's
/// hosts the debounce check starts from its timer, asks systemd (through polkitd) to start the
/// analytics unit, and the unit's hooks record each run; writers edit the seven tables through
/// the API's role all along. Each schedule draws new behaviour for every host's job and injects
/// faults (<see cref="FaultMix"/>). Then the writers stop, the timers drain the change log with
/// every fault off, each job's own record is collected from its host, and
/// <see cref="SoakVerdict"/> judges.
/// </summary>
internal sealed class SystemdSoak(SoakCluster cluster, FaultMix mix, int seed, Action<string> log)
{
    private const string Knobs = AnalyticsStandIn.KnobDirectory;
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(250);
    private readonly Random _random = new(seed);
    private readonly Dictionary<string, int> _faults = [];
    private readonly List<Task> _background = [];
    private int _rebooting;

    public async Task<SystemdSoakResult> RunAsync(int schedules)
    {
        await QuiesceAsync();
        var database = await SoakDatabase.AttachAsync(cluster.ApiSettings);
        await ForEachHostAsync(h => h.ExecCheckedAsync($"systemctl start {SoakCluster.Timer}"));

        long transactions = 0;
        var plan = Writing(0, 2);
        using var stop = new CancellationTokenSource();
        var writers = Enumerable.Range(0, SchedulePlan.MaxWriters)
            .Select(w => new SoakWriter(database, w, _random.Next(), () => Volatile.Read(ref plan), () => Interlocked.Increment(ref transactions)).RunAsync(stop.Token))
            .ToList();

        for (var number = 1; number <= schedules; number++)
        {
            var length = TimeSpan.FromSeconds(3 + 3 * _random.NextDouble());
            Volatile.Write(ref plan, Writing(number, _random.NextDouble() < mix.Quiet ? 0 : _random.Next(1, SchedulePlan.MaxWriters + 1)));
            // A host that is rebooting keeps the knobs it had.
            await ForEachHostAsync(h => h.ExecAsync(KnobScript()));
            if (_random.NextDouble() < mix.Reboot && Interlocked.CompareExchange(ref _rebooting, 1, 0) == 0)
            {
                _background.Add(RebootAsync(_random.NextDouble(), _random.Next(cluster.Hosts.Count)));
            }

            if (_random.NextDouble() < mix.PostgresRestart)
            {
                Count("postgres restart");
                _background.Add(cluster.RestartPostgresAsync());
            }

            var end = DateTime.UtcNow + length;
            while (DateTime.UtcNow < end)
            {
                if (_random.NextDouble() < mix.JobFault)
                {
                    _background.Add(JobFaultAsync());
                }

                if (_random.NextDouble() < mix.Terminate)
                {
                    _background.Add(TerminateOneAsync(database));
                }

                await Task.Delay(Tick);
            }

            if (number % 25 == 0 || number == schedules)
            {
                log($"{mix.Name}: schedule {number}/{schedules}, {Interlocked.Read(ref transactions)} writer transactions; {FaultSummary()}");
            }
        }

        await stop.CancelAsync();
        await Task.WhenAll(writers);
        await Task.WhenAll(_background);
        await ForEachHostAsync(h => h.ExecCheckedAsync(ResetKnobs));
        await DrainAsync(database);
        await ForEachHostAsync(h => h.ExecCheckedAsync($"systemctl stop {SoakCluster.Timer}"));

        var jobs = new List<JobRecord>();
        foreach (var host in cluster.Hosts)
        {
            jobs.AddRange(ParseJobs(host.Name, await host.ExecCheckedAsync($"cat {AnalyticsStandIn.RunLog}")));
        }

        await using var connection = await database.OpenAsync("soak");
        var verdict = await SoakVerdict.JudgeAsync(connection, jobs);
        return new SystemdSoakResult(schedules, verdict, $"{Interlocked.Read(ref transactions)} writer transactions; {FaultSummary()}");
    }

    /// <summary>Every host idle, every job's session gone, the knobs and the job records cleared.</summary>
    private async Task QuiesceAsync()
    {
        await ForEachHostAsync(async h =>
        {
            await h.ExecCheckedAsync($"systemctl stop {SoakCluster.Timer} {SoakCluster.Check} {SoakCluster.Analytics}; systemctl reset-failed {SoakCluster.Analytics} || true");
            // Emptied, and still the job's own (it runs as cocktaildb).
            await h.ExecCheckedAsync($"{ResetKnobs}; install -o cocktaildb -g cocktaildb -m 0644 /dev/null {AnalyticsStandIn.RunLog}");
        });
        await WaitForNoJobSessionAsync();
    }

    /// <summary>Up to three minutes of fault-free checks, until the log is empty, no run holds the slot and no job runs.</summary>
    private async Task DrainAsync(SoakDatabase database)
    {
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                if (await database.ScalarAsync<long>("SELECT (SELECT count(*) FROM analytics_changes) + (SELECT count(*) FROM analytics_refresh_runs WHERE result = 'running')") == 0
                    && (await Task.WhenAll(cluster.Hosts.Select(IsJobActiveAsync))).All(active => !active))
                {
                    await WaitForNoJobSessionAsync();
                    return;
                }
            }
            catch (NpgsqlException)
            {
                // PostgreSQL may still be restarting.
            }

            await Task.Delay(TimeSpan.FromSeconds(1));
        }

        log("warning: the drain did not empty the change log within 3 minutes");
    }

    private async Task WaitForNoJobSessionAsync()
    {
        var deadline = DateTime.UtcNow.AddMinutes(1);
        while (await JobSessionsAsync() > 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "a session of the analytics job was still open a minute after every host went idle");
            await Task.Delay(TimeSpan.FromMilliseconds(500));
        }
    }

    private async Task<long> JobSessionsAsync()
    {
        await using var connection = new NpgsqlConnection(cluster.ApiSettings.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM pg_stat_activity WHERE application_name = 'cocktaildb-analytics-standin'", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static async Task<bool> IsJobActiveAsync(SoakHost host) =>
        (await host.ExecAsync($"systemctl is-active {SoakCluster.Analytics}")).StdOut.Trim() is "active" or "activating" or "deactivating";

    /// <summary>
    /// A stop, a restart or a SIGKILL of a running analytics job, on a host where one runs, as an
    /// operator (or a crash) would. The random draws happen before the first await: one
    /// <see cref="Random"/> serves the whole soak, from its own loop only.
    /// </summary>
    private async Task JobFaultAsync()
    {
        var pick = _random.NextDouble();
        var roll = _random.NextDouble() * (mix.Verbs.Stop + mix.Verbs.Restart + mix.Verbs.Kill);
        var (verb, command) = roll < mix.Verbs.Stop ? ("stop", "stop --no-block")
            : roll < mix.Verbs.Stop + mix.Verbs.Restart ? ("restart", "restart --no-block")
            : ("kill", "kill --signal=SIGKILL");
        if (await RunningJobHostAsync(pick) is { } host)
        {
            Count(verb);
            await host.ExecAsync($"systemctl {command} {SoakCluster.Analytics}");
        }
    }

    /// <summary>One of the hosts whose job runs, chosen by <paramref name="pick"/> (0..1), or null.</summary>
    private async Task<SoakHost?> RunningJobHostAsync(double pick)
    {
        var active = (await Task.WhenAll(cluster.Hosts.Select(async h => (Host: h, Active: await IsJobActiveAsync(h)))))
            .Where(h => h.Active).Select(h => h.Host).ToList();
        return active.Count == 0 ? null : active[(int)(pick * active.Count)];
    }

    /// <summary>Reboots a host whose job runs (any host when none does): systemd stops the job as a shutdown does.</summary>
    private async Task RebootAsync(double pick, int fallback)
    {
        try
        {
            var host = await RunningJobHostAsync(pick) ?? cluster.Hosts[fallback];
            Count("reboot");
            await host.RebootAsync();
        }
        finally
        {
            Volatile.Write(ref _rebooting, 0);
        }
    }

    /// <summary>Drops one session of the checks, the hooks, the jobs or the writers, as a network blip would.</summary>
    private async Task TerminateOneAsync(SoakDatabase database)
    {
        try
        {
            if (await database.ScalarAsync<long>(
                    "SELECT count(*) FROM (SELECT pg_terminate_backend(pid) FROM pg_stat_activity " +
                    "WHERE datname = current_database() AND pid <> pg_backend_pid() AND application_name <> 'soak' AND backend_type = 'client backend' " +
                    "ORDER BY random() LIMIT 1) AS t") > 0)
            {
                Count("session dropped");
            }
        }
        catch (NpgsqlException)
        {
            // PostgreSQL may be restarting; the next one will do.
        }
    }

    /// <summary>How this host's job behaves during the schedule: the stand-in's knobs.</summary>
    private string KnobScript()
    {
        string Knob(string name, string? value) => value is null ? $"rm -f {Knobs}/{name}" : $"echo {value} > {Knobs}/{name}";
        var duration = _random.NextDouble() < mix.Timeout ? 8.0 : Between(mix.Duration);
        var statement = _random.NextDouble() < mix.Statement ? Between(mix.StatementSeconds) : (double?)null;
        return string.Join(" && ", [
            Knob("duration", duration.ToString("0.###", CultureInfo.InvariantCulture)),
            Knob("statement", statement?.ToString("0.###", CultureInfo.InvariantCulture)),
            Knob("trap-term", _random.NextDouble() < mix.Trap ? "yes" : null),
            Knob("fail", _random.NextDouble() < mix.Fail ? "3" : null),
            Knob("fail-times", null),
        ]);
    }

    private double Between((double Min, double Max) range) => range.Min + (range.Max - range.Min) * _random.NextDouble();

    private const string ResetKnobs = $"rm -f {Knobs}/duration {Knobs}/statement {Knobs}/trap-term {Knobs}/fail {Knobs}/fail-times";

    /// <summary>The writers' part of a schedule: how many write, and how.</summary>
    private SchedulePlan Writing(int number, int writers) =>
        new(number, TimeSpan.Zero, writers, _random.NextDouble() * 0.4, _random.NextDouble() * 0.2, 0, 0, 0, 0, 0);

    /// <summary>The stand-in's run log: a start line per run, an end line per run that finished its work.</summary>
    internal static IEnumerable<JobRecord> ParseJobs(string host, string log)
    {
        var runs = new Dictionary<string, JobRecord>();
        foreach (var line in log.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            using var document = JsonDocument.Parse(line);
            var record = document.RootElement;
            var invocation = record.GetProperty("invocation").GetString()!;
            if (record.GetProperty("event").GetString() == "start")
            {
                runs[invocation] = new JobRecord(host, invocation, record.GetProperty("snapshot").GetString()!, record.GetProperty("othersAlive").GetInt64(), false, null);
            }
            else if (runs.TryGetValue(invocation, out var started))
            {
                runs[invocation] = started with { Finished = true, Exit = record.GetProperty("exit").GetInt32() };
            }
        }

        return runs.Values;
    }

    private Task ForEachHostAsync(Func<SoakHost, Task> action) => Task.WhenAll(cluster.Hosts.Select(action));

    private void Count(string fault)
    {
        lock (_faults)
        {
            _faults[fault] = _faults.GetValueOrDefault(fault) + 1;
        }
    }

    private string FaultSummary()
    {
        lock (_faults)
        {
            return _faults.Count == 0 ? "no faults" : string.Join(", ", _faults.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => $"{f.Value} {f.Key}"));
        }
    }
}
