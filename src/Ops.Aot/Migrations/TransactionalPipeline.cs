using CocktailDb.Ops.Migrations.Manifest;
using Npgsql;

namespace CocktailDb.Ops.Migrations;

/// <summary>Where a pipeline stopped: the migration, its statement (-1: one of the runner's own commands) and the error.</summary>
internal sealed record PipelineFailure(int Script, int Statement, PostgresException Error);

/// <summary>
/// Applies consecutive transactional migrations in one round trip. Each keeps its own
/// transaction: BEGIN, its statements, the session reset, its ledger row, COMMIT. They go to
/// the server as one batch with a single Sync at the end, and PostgreSQL skips everything after
/// the first error up to that Sync: the migrations before the failing one are committed, the
/// failing one is rolled back whole, and none after it starts. So the client adds no round trip
/// per migration, and the guarantees are those of sending them one by one.
/// </summary>
internal static class TransactionalPipeline
{
    /// <param name="applied">Called, in order, for each migration as soon as its COMMIT is known to have succeeded, with its server-side duration.</param>
    /// <returns>Null when every migration committed.</returns>
    public static async Task<PipelineFailure?> RunAsync(
        NpgsqlConnection connection,
        IReadOnlyList<MigrationScript> scripts,
        ExecutionPolicy policy,
        Action<MigrationScript, TimeSpan> applied,
        CancellationToken ct)
    {
        await using var batch = new NpgsqlBatch(connection);
        // For each batch command, the migration and statement it belongs to.
        var owners = new List<(int Script, int Statement)>();
        var commits = new int[scripts.Count];
        void Add(NpgsqlBatchCommand command, int script, int statement)
        {
            batch.BatchCommands.Add(command);
            owners.Add((script, statement));
        }

        for (var i = 0; i < scripts.Count; i++)
        {
            var script = scripts[i];
            Add(new NpgsqlBatchCommand("BEGIN"), i, -1);
            if (policy.SetTimeoutsFor(script.LockTimeout, script.StatementTimeout, local: true) is { } timeouts)
            {
                Add(timeouts, i, -1);
            }

            for (var s = 0; s < script.Statements.Length; s++)
            {
                Add(new NpgsqlBatchCommand(script.Statements[s].Text), i, s);
            }

            foreach (var reset in SessionCommands.Reset())
            {
                Add(reset, i, -1);
            }

            Add(Ledger.Record(script.FileName, script.Checksum), i, -1);
            commits[i] = batch.BatchCommands.Count;
            Add(new NpgsqlBatchCommand("COMMIT"), i, -1);
        }

        // A ledger row has been read for migrations [0, recorded); [0, reported) are reported.
        var recorded = 0;
        var reported = 0;
        var elapsed = new TimeSpan[scripts.Count];
        try
        {
            await using var reader = await batch.ExecuteReaderAsync(ct);
            do
            {
                if (reader.FieldCount == 1 && reader.GetName(0) == Ledger.ElapsedColumn && await reader.ReadAsync(ct))
                {
                    elapsed[recorded] = TimeSpan.FromMilliseconds(reader.GetInt32(0));
                    recorded++;

                    // The server answers in order: this row means the COMMITs before it are done.
                    for (; reported < recorded - 1; reported++)
                    {
                        applied(scripts[reported], elapsed[reported]);
                    }
                }
            }
            while (await reader.NextResultAsync(ct));
        }
        catch (PostgresException ex) when (ex.BatchCommand is { } command)
        {
            // An error without a command (the server shutting down, say) leaves the fate of the
            // last COMMIT unknown: it propagates as is, and the next run reads the ledger.
            var failed = batch.BatchCommands.IndexOf(command);
            for (; reported < recorded && commits[reported] < failed; reported++)
            {
                applied(scripts[reported], elapsed[reported]);
            }

            await ScriptExecutor.RollBackAsync(connection);
            return new PipelineFailure(owners[failed].Script, owners[failed].Statement, ex);
        }

        for (; reported < recorded; reported++)
        {
            applied(scripts[reported], elapsed[reported]);
        }

        return null;
    }
}
