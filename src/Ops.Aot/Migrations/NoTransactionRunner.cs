using System.Diagnostics;
using CocktailDb.Ops.Cli;
using CocktailDb.Ops.Database;
using CocktailDb.Ops.Migrations.Manifest;
using Npgsql;

namespace CocktailDb.Ops.Migrations;

/// <summary>
/// Runs a <c>-- cocktaildb:no-transaction</c> migration statement by statement, each committing
/// on its own (CREATE INDEX CONCURRENTLY and friends cannot run inside a transaction), and
/// resumes one that an earlier run left part way. A statement that fails, or does not get its
/// lock in time, stops the file there (no retry: the statements before it stay applied).
///
/// How a rerun resumes: <see cref="StatementProgress"/> records after each statement how many
/// have run, and the next run starts after them. A statement PostgreSQL allows in a transaction
/// commits together with its progress note, so it runs exactly once whatever happens. One that
/// must run alone (CREATE INDEX CONCURRENTLY, VACUUM...) is noted right after it: if the runner
/// dies in between, it runs again, so write those safe to repeat (IF NOT EXISTS, IF EXISTS). An
/// index a failed or interrupted CREATE INDEX CONCURRENTLY left behind is invalid, and IF NOT
/// EXISTS would silently keep it: before building an index, an invalid one of that name is
/// dropped. SET statements already run are repeated on resume, since the rest may rely on them.
/// </summary>
internal sealed class NoTransactionRunner(NpgsqlConnection connection, LockWatch watch, ExecutionPolicy policy)
{
    public async Task<TimeSpan> RunAsync(MigrationScript script, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var statements = script.Statements;
        var progress = new StatementProgress(connection, script);
        var done = await progress.StartAsync(ct);
        if (done > 0)
        {
            Log.Info($"resuming {script.FileName} at statement {done + 1} of {statements.Length}: statements 1-{done} were applied by an earlier run");
        }

        if (policy.SetTimeoutsFor(script.LockTimeout, script.StatementTimeout, local: false) is { } timeouts)
        {
            // For the file's statements only: the reset at the end returns to the run's values.
            await ExecuteAsync([timeouts], ct);
        }

        foreach (var statement in statements.Take(done).Where(s => StatementKinds.IsSessionSetting(s.Text)))
        {
            await ExecuteAsync([new NpgsqlBatchCommand(statement.Text)], ct);
        }

        var lockTimeout = policy.LockTimeoutFor(script.LockTimeout).Value;
        for (var i = done; i < statements.Length; i++)
        {
            var text = statements[i].Text;
            try
            {
                if (StatementKinds.ConcurrentIndexName(text) is { } index)
                {
                    await DropInvalidIndexAsync(script, index, ct);
                }

                if (StatementKinds.MustRunAlone(text))
                {
                    await watch.WhileAsync(() => ExecuteAsync([new NpgsqlBatchCommand(text)], ct), lockTimeout, ct);
                    await ExecuteAsync(progress.Note(i + 1), ct);
                }
                else
                {
                    await watch.WhileAsync(() => ExecuteAsync([new NpgsqlBatchCommand(text), .. progress.Note(i + 1)], ct), lockTimeout, ct);
                }
            }
            catch (PostgresException ex)
            {
                throw Stopped(script, i, ex);
            }
        }

        await ExecuteAsync([.. SessionCommands.Reset(), progress.Forget(), Ledger.Insert(script.FileName, script.Checksum, LedgerMethod.Applied)], ct);
        return clock.Elapsed;
    }

    /// <summary>Several commands as one batch: PostgreSQL runs them as one transaction.</summary>
    private async Task<int> ExecuteAsync(IEnumerable<NpgsqlBatchCommand> commands, CancellationToken ct)
    {
        await using var batch = new NpgsqlBatch(connection);
        foreach (var command in commands)
        {
            batch.BatchCommands.Add(command);
        }

        return await batch.ExecuteNonQueryAsync(ct);
    }

    private async Task DropInvalidIndexAsync(MigrationScript script, string index, CancellationToken ct)
    {
        await using var check = new NpgsqlCommand("SELECT NOT indisvalid FROM pg_index WHERE indexrelid = to_regclass($1)", connection);
        check.Parameters.Add(new NpgsqlParameter { Value = index });
        if (await check.ExecuteScalarAsync(ct) is true)
        {
            Log.Info($"{script.FileName}: dropping the invalid index {index} that an interrupted or failed build left, to build it again");
            await ExecuteAsync([new NpgsqlBatchCommand($"DROP INDEX CONCURRENTLY IF EXISTS {index}")], ct);
        }
    }

    private OpsException Stopped(MigrationScript script, int index, PostgresException ex)
    {
        var done = index == 0
            ? "no statement of it has run, and the file is not recorded"
            : $"{(index == 1 ? "statement 1 has run and stays" : $"statements 1-{index} have run and stay")} applied (no transaction); the file is not recorded, " +
              $"and the next run resumes at statement {index + 1} ({StatementProgress.Table} keeps count)";
        if (!LockConflictReport.IsLockConflict(ex))
        {
            return ScriptExecutor.Failure(script.FileName, script.Statements, index, ex, done);
        }

        var wait = watch.SeenFor(script.Statements[index].Text);
        return new OpsException(
            ExitCodes.DdlLockTimeout,
            $"{LockConflictReport.Describe(script, index, ex, wait, watch.Problem, policy)}; {done}. " +
            $"Run migrate again once that session has finished, or {LockConflictReport.Advice(wait)}.",
            ex);
    }
}
