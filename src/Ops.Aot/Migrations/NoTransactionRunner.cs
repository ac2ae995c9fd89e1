using System.Diagnostics;
using CocktailDb.Ops.Cli;
using CocktailDb.Ops.Database;
using CocktailDb.Ops.Migrations.Manifest;
using Npgsql;

namespace CocktailDb.Ops.Migrations;

/// <summary>
/// Runs a <c>-- cocktaildb:no-transaction</c> migration statement by statement, each committing
/// on its own (CREATE INDEX CONCURRENTLY and friends cannot run inside a transaction). A
/// statement that fails, or does not get its lock in time, stops the file there: the statements
/// before it stay applied.
/// </summary>
internal sealed class NoTransactionRunner(NpgsqlConnection connection, LockWatch watch, ExecutionPolicy policy)
{
    public async Task<TimeSpan> RunAsync(MigrationScript script, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        if (policy.SetTimeoutsFor(script.LockTimeout, script.StatementTimeout, local: false) is { } timeouts)
        {
            // For the file's statements only: the reset below returns to the run's values.
            await using var set = new NpgsqlBatch(connection) { BatchCommands = { timeouts } };
            await set.ExecuteNonQueryAsync(ct);
        }

        var lockTimeout = policy.LockTimeoutFor(script.LockTimeout).Value;
        for (var i = 0; i < script.Statements.Length; i++)
        {
            await using var command = new NpgsqlCommand(script.Statements[i].Text, connection);
            try
            {
                await watch.WhileAsync(() => command.ExecuteNonQueryAsync(ct), lockTimeout, ct);
            }
            catch (PostgresException ex)
            {
                var done = i == 0
                    ? "no statement of it had run; the file is not recorded"
                    : $"statement{(i == 1 ? " 1 has" : $"s 1-{i} have")} already run and stay applied (no transaction); the file is not recorded, so make them safe to repeat (IF NOT EXISTS) before running again";
                if (LockConflictReport.IsLockConflict(ex))
                {
                    var wait = watch.SeenFor(script.Statements[i].Text);
                    throw new OpsException(
                        ExitCodes.DdlLockTimeout,
                        $"{LockConflictReport.Describe(script, i, ex, wait, watch.Problem, policy)}; {done}. " +
                        $"Run migrate again once that session has finished, or {LockConflictReport.Advice(wait)}.",
                        ex);
                }

                throw ScriptExecutor.Failure(script.FileName, script.Statements, i, ex, done);
            }
        }

        await using var finish = new NpgsqlBatch(connection);
        foreach (var reset in SessionCommands.Reset())
        {
            finish.BatchCommands.Add(reset);
        }

        finish.BatchCommands.Add(Ledger.Insert(script.FileName, script.Checksum, LedgerMethod.Applied));
        await finish.ExecuteNonQueryAsync(ct);
        return clock.Elapsed;
    }
}
