using Npgsql;

namespace CocktailDb.Bench.Soak;

/// <summary>
/// The fault soak of the analytics refresh. Writers, several checks (as several hosts) and a
/// fault injector run side by side through a series of random schedules; at the end the
/// writers stop, the log is drained by fault-free checks, and the soak counts committed
/// changes that no successful run saw and that are no longer in the log (lost), and runs that
/// started while another run's job was alive (concurrent). Each analytics run records the
/// snapshot it read, so "seen" is decided by PostgreSQL's own visibility rules, not by clocks,
/// and how many other jobs were connected as it did, so "alive" is decided by the jobs' own
/// sessions (see AnalyticsJobScript), not by when their checks exited.
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
        await DrainAsync(database, checkers[0], log);
        return await VerdictAsync(database, counters);
    }

    /// <summary>Up to a minute of fault-free checks, until one finds nothing left to refresh.</summary>
    private static async Task DrainAsync(SoakDatabase database, SoakChecker checker, Action<string> log)
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

        log($"warning: the change log still holds {await database.ScalarAsync<long>("SELECT count(*) FROM analytics_changes")} changes after a minute of draining");
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

    private async Task<SoakResult> VerdictAsync(SoakDatabase database, SoakCounters counters)
    {
        await using var connection = await database.OpenAsync("soak");

        // Seen: visible in the snapshot of a run that finished its work. Snapshots only grow
        // over time, so any change older than the newest successful run's xmin is seen; only
        // the few newer ones need a look at each run.
        await using var command = new NpgsqlCommand(
            """
            WITH ok AS (SELECT snap FROM soak_runs WHERE ok),
                 commits AS (SELECT DISTINCT xid FROM soak_commits)
            SELECT (SELECT count(*) FROM commits),
                   (SELECT count(*) FROM commits c
                     WHERE c.xid >= coalesce((SELECT max(pg_snapshot_xmin(snap)) FROM ok), '0'::xid8)
                       AND NOT EXISTS (SELECT 1 FROM ok WHERE pg_visible_in_snapshot(c.xid, ok.snap))
                       AND NOT EXISTS (SELECT 1 FROM analytics_changes a WHERE a.xid = c.xid)),
                   (SELECT count(*) FROM soak_runs WHERE others_alive > 0),
                   (SELECT count(*) FROM soak_runs),
                   (SELECT count(*) FROM soak_runs WHERE ok)
            """,
            connection);
        long changes, lost, concurrent, runs, succeeded;
        await using (var reader = await command.ExecuteReaderAsync())
        {
            await reader.ReadAsync();
            (changes, lost, concurrent, runs, succeeded) = (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4));
        }

        return new SoakResult(options.Schedules, changes, lost, concurrent)
        {
            Overlaps = concurrent > 0 ? await OverlapsAsync(connection) : [],
            Runs = runs,
            SucceededRuns = succeeded,
            CheckerRuns = counters.CheckerRuns,
            CheckersKilled = counters.CheckersKilled,
            ConnectionsTerminated = counters.ConnectionsTerminated,
            ServerRestarts = counters.ServerRestarts,
            WriterTransactions = counters.WriterTransactions,
        };
    }

    /// <summary>For a failed verdict: each run that started while other jobs were alive, and the runs before it not known to have finished.</summary>
    private static async Task<IReadOnlyList<string>> OverlapsAsync(NpgsqlConnection connection)
    {
        await using var command = new NpgsqlCommand(
            """
            SELECT format('%s started %s while %s other job(s) had their session open; unfinished runs started in the 10 s before: %s',
                          a.token, to_char(a.started_at, 'HH24:MI:SS.MS'), a.others_alive,
                          coalesce((SELECT string_agg(format('%s at %s', b.token, to_char(b.started_at, 'HH24:MI:SS.MS')), ', ' ORDER BY b.id)
                                    FROM soak_runs b
                                    WHERE b.id < a.id AND b.started_at > a.started_at - interval '10 s'
                                      AND (b.finished_at IS NULL OR b.finished_at > a.started_at)), 'none'))
            FROM soak_runs a WHERE a.others_alive > 0 ORDER BY a.id LIMIT 20
            """,
            connection);
        var lines = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            lines.Add(reader.GetString(0));
        }

        return lines;
    }
}
