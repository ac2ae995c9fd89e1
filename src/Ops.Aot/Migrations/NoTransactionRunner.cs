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
        var statements = script.Statements;
        var progress = new StatementProgress(connection, script);
        var done = await progress.StartAsync(ct);
        if (done > 0)
        {
            Log.Info($"resuming {script.FileName} at statement {done + 1} of {statements.Length}: statements 1-{done} were applied by an earlier run");
        }

        // Session-wide for the file's statements only: the reset at the end returns to the run's values.
        IEnumerable<NpgsqlBatchCommand> setup = [
            .. policy.SetTimeoutsFor(script.LockTimeout, script.StatementTimeout, local: false) is { } timeouts ? [timeouts] : Array.Empty<NpgsqlBatchCommand>(),
            .. statements.Take(done).Where(s => s.IsSessionSetting).Select(s => new NpgsqlBatchCommand(s.Text)),
        ];
        if (await TryAsync(setup, ct) is { } setupError)
        {
            return new RunFailure(0, done, RunStep.Setup, setupError, done);
        }

        for (var i = done; i < statements.Length; i++)
        {
            if (await RunStatementAsync(script, progress, i, ct) is { } failure)
            {
                return failure;
            }
        }

        if (await TryAsync([.. SessionCommands.Reset(), progress.Forget(), .. run.Record()], ct) is { } recordError)
        {
            return new RunFailure(0, -1, RunStep.Record, recordError, statements.Length);
        }

        applied(run, clock.Elapsed);
        return null;
    }

    /// <summary>Statement <paramref name="i"/> and its progress note; around a CREATE INDEX CONCURRENTLY, the checks of its index.</summary>
    private async Task<RunFailure?> RunStatementAsync(MigrationScript script, StatementProgress progress, int i, CancellationToken ct)
    {
        var statement = script.Statements[i];
        var step = RunStep.IndexCheck;
        var kept = i;
        try
        {
            if (statement.Index is { } index && await RepairBeforeBuildAsync(script, index, ct) is { Count: > 0 } leftOver)
            {
                return new RunFailure(0, i, RunStep.IndexCheck, null, i, leftOver);
            }

            step = RunStep.Statement;
            if (!statement.RunsAlone)
            {
                await ExecuteAsync([new NpgsqlBatchCommand(statement.Text), .. progress.Note(i + 1)], ct);
                return null;
            }

            await ExecuteAsync([new NpgsqlBatchCommand(statement.Text)], ct);
            step = RunStep.IndexCheck;
            if (statement.Index is { Name.Length: > 0 } built && await InvalidAfterBuildAsync(built, ct) is { } invalid)
            {
                return new RunFailure(0, i, RunStep.IndexCheck, null, i, invalid);
            }

            step = RunStep.Progress;
            kept = i + 1;
            await ExecuteAsync(progress.Note(i + 1), ct);
            return null;
        }
        catch (Exception ex) when (RunFailure.IsRunError(ex))
        {
            return new RunFailure(0, i, step, ex, kept);
        }
    }

    /// <summary>Runs the commands as one batch (PostgreSQL runs them as one transaction); the error that stopped them, if any.</summary>
    private async Task<Exception?> TryAsync(IEnumerable<NpgsqlBatchCommand> commands, CancellationToken ct)
    {
        try
        {
            await ExecuteAsync(commands, ct);
            return null;
        }
        catch (Exception ex) when (RunFailure.IsRunError(ex))
        {
            return ex;
        }
    }

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
        return indexes.Count == 1 && indexes[0].Valid ? null : indexes.Where(i => !i.Valid).Select(i => i.Name).ToList();
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
