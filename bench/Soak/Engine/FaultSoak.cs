using Npgsql;

namespace CocktailDb.Bench.Soak;

/// <summary>
/// The fault soak of the analytics refresh on the child-process path (`debounce --run-command`,
/// hosts without systemd). Writers, several checks (as several hosts) and a fault injector run
/// side by side through a series of random schedules; at the end the writers stop, the log is
/// drained by fault-free checks, and <see cref="SoakVerdict"/> judges by the soak's own records,
/// as the soak on the systemd path does (tests/Ops.Host.Tests/Soak): each job records the
/// snapshot it read, whether it finished, and the sessions of other jobs it saw
/// (<see cref="AnalyticsJobScript"/>).
/// </summary>
public sealed class FaultSoak(SoakOptions options, string binary, Func<Task<(string Host, int Port)>>? restartServer = null)
{
    public async Task<SoakResult> RunAsync(NpgsqlConnectionStringBuilder server, Action<string> log, CancellationToken ct = default)
    {
        var database = await SoakDatabase.CreateAsync(server, binary);
        var folder = Directory.CreateTempSubdirectory("cocktaildb-soak").FullName;
        try
        {
            return await RunAsync(database, AnalyticsJobScript.WriteTo(folder), log, ct);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private async Task<SoakResult> RunAsync(SoakDatabase database, string job, Action<string> log, CancellationToken ct)
    {
        var random = new Random(options.Seed);
        var counters = new SoakCounters();
        var plan = SchedulePlan.Draw(1, random, options);
        SchedulePlan Current() => Volatile.Read(ref plan);

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var workers = new List<Task>();
        for (var w = 0; w < SchedulePlan.MaxWriters; w++)
        {
            workers.Add(new SoakWriter(database, w, random.Next(), Current, () => counters.Add(ref counters.WriterTransactions)).RunAsync(stop.Token));
        }

        var checkers = Enumerable.Range(0, options.Checkers)
            .Select(h => new SoakChecker(database, binary, job, h, random.Next(), Current, counters))
            .ToList();
        workers.AddRange(checkers.Select(c => c.RunAsync(stop.Token)));

        for (var number = 1; number <= options.Schedules; number++)
        {
            if (number > 1)
            {
                Volatile.Write(ref plan, SchedulePlan.Draw(number, random, options));
            }

            var p = Current();
            var end = DateTime.UtcNow + p.Length;
            while (DateTime.UtcNow < end)
            {
                if (random.NextDouble() < p.TerminateShare)
                {
                    await TerminateOneAsync(database, counters);
                }

                await Task.Delay(250, ct);
            }

            if (restartServer is not null && options.RestartEvery > 0 && number % options.RestartEvery == 0)
            {
                var (host, port) = await restartServer();
                database.MoveTo(host, port);
                counters.Add(ref counters.ServerRestarts);
                log($"schedule {number}: server restarted, now on {host}:{port}");
            }

            if (number % 50 == 0 || number == options.Schedules)
            {
                log($"schedule {number}/{options.Schedules}: {counters.WriterTransactions} writer transactions, {counters.CheckerRuns} checks ({counters.CheckersKilled} killed)");
            }
        }

        await stop.CancelAsync();
        await Task.WhenAll(workers);
        await DrainAsync(checkers[0]);
        await using var connection = await database.OpenAsync("soak");
        return new SoakResult(options.Schedules, await SoakVerdict.JudgeAsync(connection, []))
        {
            CheckerRuns = counters.CheckerRuns,
            CheckersKilled = counters.CheckersKilled,
            ConnectionsTerminated = counters.ConnectionsTerminated,
            ServerRestarts = counters.ServerRestarts,
            WriterTransactions = counters.WriterTransactions,
        };
    }

    /// <summary>Up to a minute of fault-free checks, until one finds nothing left to refresh (the verdict fails what is left).</summary>
    private static async Task DrainAsync(SoakChecker checker)
    {
        var deadline = DateTime.UtcNow.AddMinutes(1);
        for (var n = 0; DateTime.UtcNow < deadline; n++)
        {
            var output = await checker.CleanCheckAsync($"drain-{n}");
            if (output.Contains("idle: no unprocessed changes", StringComparison.Ordinal))
            {
                return;
            }

            await Task.Delay(500);
        }
    }

    /// <summary>Drops one connection of the checks, the jobs or the writers, as a network blip or an operator would.</summary>
    private static async Task TerminateOneAsync(SoakDatabase database, SoakCounters counters)
    {
        try
        {
            var killed = await database.ScalarAsync<long>(
                "SELECT count(*) FROM (SELECT pg_terminate_backend(pid) FROM pg_stat_activity " +
                "WHERE datname = current_database() AND pid <> pg_backend_pid() AND application_name <> 'soak' AND backend_type = 'client backend' " +
                "ORDER BY random() LIMIT 1) AS t");
            if (killed > 0)
            {
                counters.Add(ref counters.ConnectionsTerminated);
            }
        }
        catch (NpgsqlException)
        {
            // The server may be restarting; the next try will do.
        }
    }
}
