using System.Diagnostics;
using CocktailDb.Ops.Cli;
using CocktailDb.Ops.Migrations.Manifest;
using Npgsql;

namespace CocktailDb.Ops.Migrations;

/// <summary>
/// Runs a <c>-- cocktaildb:no-transaction</c> script statement by statement, each committing on
/// its own (CREATE INDEX CONCURRENTLY and friends cannot run inside a transaction), and resumes
/// one that an earlier run left part way. A statement that fails, or does not get its lock in
/// time, stops the file there; the statements before it stay applied.
///
/// How a rerun resumes: <see cref="StatementProgress"/> records after each statement how many
/// have run, and the next run starts after them. A statement PostgreSQL allows in a transaction
/// commits together with its progress note, so it runs exactly once whatever happens. One that
/// must run alone (the build says which) is noted right after it: if the runner dies in between,
/// it runs again, so write those safe to repeat (IF NOT EXISTS, IF EXISTS). Session settings
/// among the statements already run are repeated on resume, since the rest may rely on them.
///
/// An index a failed or interrupted CREATE INDEX CONCURRENTLY left behind is invalid, and IF NOT
/// EXISTS would silently keep it. Before such a build the runner drops an invalid index of that
/// name from the table's schema, and after it checks that the index is there and valid.
/// </summary>
internal sealed class NoTransactionRunner(NpgsqlConnection connection, ExecutionPolicy policy)
{
    /// <param name="applied">Called with the time the file took once it is recorded.</param>
    /// <returns>Null when the whole file ran and was recorded.</returns>
    public async Task<RunFailure?> RunAsync(ScriptRun run, Action<ScriptRun, TimeSpan> applied, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var script = run.Script;
        var progress = new StatementProgress(connection, script);
        var done = await progress.StartAsync(ct);
        if (done > 0)
        {
            Log.Info($"resuming {script.FileName} at statement {done + 1} of {script.Statements.Length}: statements 1-{done} were applied by an earlier run");
        }

        // What a failure would be: which step, of which statement, with how many statements applied.
        var (step, at, kept) = (RunStep.Setup, done, done);
        try
        {
            // Session-wide for the file's statements only: the reset at the end returns to the run's values.
            await ExecuteAsync(
                [
                    .. policy.SetTimeoutsFor(script, local: false) is { } timeouts ? [timeouts] : Array.Empty<NpgsqlBatchCommand>(),
                    .. script.Statements.Take(done).Where(s => s.IsSessionSetting).Select(s => new NpgsqlBatchCommand(s.Text)),
                ],
                ct);
            for (var i = done; i < script.Statements.Length; i++)
            {
                var statement = script.Statements[i];
                (step, at, kept) = (RunStep.IndexCheck, i, i);
                if (statement.Index is { } index && await RepairBeforeBuildAsync(script, index, ct) is { Count: > 0 } leftOver)
                {
                    return new RunFailure(0, i, RunStep.IndexCheck, null, i, leftOver);
                }

                step = RunStep.Statement;
                if (!statement.RunsAlone)
                {
                    await ExecuteAsync([new NpgsqlBatchCommand(statement.Text), .. progress.Note(i + 1)], ct);
                    continue;
                }

                await ExecuteAsync([new NpgsqlBatchCommand(statement.Text)], ct);
                step = RunStep.IndexCheck;
                if (statement.Index is { Name.Length: > 0 } built && await InvalidAfterBuildAsync(built, ct) is { } invalid)
                {
                    return new RunFailure(0, i, RunStep.IndexCheck, null, i, invalid);
                }

                (step, kept) = (RunStep.Progress, i + 1);
                await ExecuteAsync(progress.Note(i + 1), ct);
            }

            (step, at, kept) = (RunStep.Finish, -1, script.Statements.Length);
            await ExecuteAsync([.. SessionCommands.Reset(), progress.Forget(), .. run.Record()], ct);
        }
        catch (Exception ex) when (RunFailure.IsRunError(ex))
        {
            return new RunFailure(0, at, step, ex, kept);
        }

        applied(run, clock.Elapsed);
        return null;
    }

    /// <summary>Runs the commands as one batch: PostgreSQL runs them as one transaction.</summary>
    private async Task ExecuteAsync(IEnumerable<NpgsqlBatchCommand> commands, CancellationToken ct)
    {
        await using var batch = new NpgsqlBatch(connection);
        foreach (var command in commands)
        {
            batch.BatchCommands.Add(command);
        }

        if (batch.BatchCommands.Count > 0)
        {
            await batch.ExecuteNonQueryAsync(ct);
        }
    }

    /// <summary>
    /// Drops what an interrupted build of this index left. A build without a name cannot tell
    /// its own leftover from another's: it gets the table's invalid indexes back instead, and
    /// does not run.
    /// </summary>
    private async Task<List<string>> RepairBeforeBuildAsync(MigrationScript script, IndexBuild index, CancellationToken ct)
    {
        var invalid = (await IndexesAsync(index, ct)).Where(i => !i.Valid).Select(i => i.Name).ToList();
        if (index.Name.Length == 0)
        {
            return invalid;
        }

        foreach (var name in invalid)
        {
            Log.Info($"{script.FileName}: dropping the invalid index {name} that an interrupted or failed build left, to build it again");
            await ExecuteAsync([new NpgsqlBatchCommand($"DROP INDEX CONCURRENTLY IF EXISTS {name}")], ct);
        }

        return [];
    }

    /// <summary>
    /// Null when the table now has a valid index of the build's name; else the invalid ones (none:
    /// there is no such index, as when IF NOT EXISTS met another relation of that name). A build
    /// without a name that succeeded has made a valid index, and had no invalid one beside it.
    /// </summary>
    private async Task<List<string>?> InvalidAfterBuildAsync(IndexBuild index, CancellationToken ct)
    {
        var indexes = await IndexesAsync(index, ct);
        return indexes is [{ Valid: true }] ? null : indexes.Where(i => !i.Valid).Select(i => i.Name).ToList();
    }

    /// <summary>The indexes of the build's table with its name (all of them for a build without one), schema-qualified.</summary>
    private async Task<List<(string Name, bool Valid)>> IndexesAsync(IndexBuild index, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(
            """
            SELECT quote_ident(n.nspname) || '.' || quote_ident(c.relname), i.indisvalid
            FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE i.indrelid = to_regclass($1) AND ($2 = '' OR c.relname = $2)
            ORDER BY 1
            """,
            connection);
        command.Parameters.Add(new NpgsqlParameter { Value = index.Table });
        command.Parameters.Add(new NpgsqlParameter { Value = index.Name });
        var found = new List<(string, bool)>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            found.Add((reader.GetString(0), reader.GetBoolean(1)));
        }

        return found;
    }
}
