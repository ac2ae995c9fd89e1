using Npgsql;

namespace CocktailDb.Ops.Migrations;

/// <summary>
/// Runs consecutive transactional scripts in one round trip. Each keeps its own transaction:
/// BEGIN, its statements, the session reset, its ledger change, COMMIT. They go to the server as
/// one batch with a single Sync at the end, and PostgreSQL skips everything after the first
/// error up to that Sync: the scripts before the failing one are committed, the failing one is
/// rolled back whole, and none after it starts. So the client adds no round trip per script, and
/// the guarantees are those of sending them one by one.
/// </summary>
internal static class TransactionalPipeline
{
    // Ends each script's transaction: how long its statements took on the server. With several
    // scripts in flight at once that is the only per-script time there is, and reading the row
    // tells that every COMMIT before it has succeeded.
    private const string ElapsedColumn = "cocktaildb_execution_ms";
    private const string ElapsedSql = "SELECT (extract(epoch FROM clock_timestamp() - now()) * 1000)::int AS " + ElapsedColumn;

    /// <param name="applied">Called, in order, for each script as soon as its COMMIT is known to have succeeded, with its server-side duration.</param>
    /// <returns>Null when every script committed.</returns>
    public static async Task<RunFailure?> RunAsync(
        NpgsqlConnection connection,
        IReadOnlyList<ScriptRun> runs,
        ExecutionPolicy policy,
        Action<ScriptRun, TimeSpan> applied,
        CancellationToken ct)
    {
        await using var batch = new NpgsqlBatch(connection);
        // For each batch command, the script, statement and step it belongs to.
        var owners = new List<(int Run, int Statement, RunStep Step)>();
        void Add(NpgsqlBatchCommand command, int run, int statement, RunStep step)
        {
            batch.BatchCommands.Add(command);
            owners.Add((run, statement, step));
        }

        for (var i = 0; i < runs.Count; i++)
        {
            var script = runs[i].Script;
            Add(new NpgsqlBatchCommand("BEGIN"), i, -1, RunStep.Setup);
            if (policy.SetTimeoutsFor(script, local: true) is { } timeouts)
            {
                Add(timeouts, i, -1, RunStep.Setup);
            }

            for (var s = 0; s < script.Statements.Length; s++)
            {
                Add(new NpgsqlBatchCommand(script.Statements[s].Text), i, s, RunStep.Statement);
            }

            foreach (var reset in SessionCommands.Reset())
            {
                Add(reset, i, -1, RunStep.Finish);
            }

            foreach (var record in runs[i].Record())
            {
                Add(record, i, -1, RunStep.Finish);
            }

            Add(new NpgsqlBatchCommand(ElapsedSql), i, -1, RunStep.Finish);
            Add(new NpgsqlBatchCommand("COMMIT"), i, -1, RunStep.Commit);
        }

        // Each script's elapsed row, in order; scripts [0, reported) have been reported applied.
        var elapsed = new List<TimeSpan>();
        var reported = 0;
        void Report(int count)
        {
            for (; reported < count; reported++)
            {
                applied(runs[reported], elapsed[reported]);
            }
        }

        try
        {
            await using var reader = await batch.ExecuteReaderAsync(ct);
            do
            {
                if (reader.FieldCount == 1 && reader.GetName(0) == ElapsedColumn && await reader.ReadAsync(ct))
                {
                    elapsed.Add(TimeSpan.FromMilliseconds(reader.GetInt32(0)));

                    // The server answers in order: this row means the COMMITs before it are done.
                    Report(elapsed.Count - 1);
                }
            }
            while (await reader.NextResultAsync(ct));
        }
        catch (PostgresException ex) when (ex.BatchCommand is { } command)
        {
            // An error without a command (the server shutting down, say) leaves the fate of the
            // last COMMIT unknown: it propagates as is, and the next run reads the ledger.
            var (run, statement, step) = owners[batch.BatchCommands.IndexOf(command)];
            Report(run);

            // Ends the failed transaction block the batch leaves behind, so the connection can go on.
            if (connection.FullState == System.Data.ConnectionState.Open)
            {
                await using var rollback = new NpgsqlCommand("ROLLBACK", connection);
                await rollback.ExecuteNonQueryAsync(CancellationToken.None);
            }

            return new RunFailure(run, statement, step, ex);
        }
        catch (OperationCanceledException ex)
        {
            // Which COMMITs the server finished is not known here; each is whole either way.
            return new RunFailure(reported, -1, RunStep.Statement, ex);
        }

        Report(elapsed.Count);
        return null;
    }
}
