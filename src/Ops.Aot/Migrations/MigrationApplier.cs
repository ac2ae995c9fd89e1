using CocktailDb.Ops.Cli;
using CocktailDb.Ops.Database;
using CocktailDb.Ops.Migrations.Manifest;
using Npgsql;

namespace CocktailDb.Ops.Migrations;

/// <summary>
/// Applies pending migrations in order and stops at the first that fails. Consecutive
/// transactional migrations go through <see cref="TransactionalPipeline"/> together; a
/// no-transaction file runs on its own. A transactional migration that does not get its locks
/// in time (or loses a deadlock) is rolled back whole by PostgreSQL and tried again after a
/// pause, up to --lock-retries more times, naming each time who held the lock.
/// </summary>
internal sealed class MigrationApplier(NpgsqlConnection connection, NpgsqlDataSource dataSource, ExecutionPolicy policy)
{
    // Only spreads retries apart; nothing here needs unpredictability.
    private readonly Random _jitter = new();

    public async Task<List<AppliedMigration>> ApplyAsync(IReadOnlyList<MigrationScript> pending, CancellationToken ct)
    {
        var applied = new List<AppliedMigration>();
        var retries = 0;
        await using var watch = new LockWatch(dataSource, connection.ProcessID);
        while (applied.Count < pending.Count)
        {
            var next = pending[applied.Count];
            if (next.NoTransaction)
            {
                var elapsed = await new NoTransactionRunner(connection, watch, policy).RunAsync(next, ct);
                Applied(applied, next, elapsed);
                retries = 0;
                continue;
            }

            var group = pending.Skip(applied.Count).TakeWhile(s => !s.NoTransaction).ToList();
            var before = applied.Count;
            var failure = await watch.WhileAsync(
                () => TransactionalPipeline.RunAsync(connection, group, policy, (script, elapsed) => Applied(applied, script, elapsed), ct),
                group.Min(s => policy.LockTimeoutFor(s.LockTimeout).Value),
                ct);
            var wait = failure is { Statement: >= 0 } f ? watch.SeenFor(group[f.Script].Statements[f.Statement].Text) : null;

            if (failure is null)
            {
                continue;
            }

            if (applied.Count > before)
            {
                retries = 0;
            }

            var failed = group[failure.Script];
            if (!LockConflictReport.IsLockConflict(failure.Error))
            {
                throw failure.Statement >= 0
                    ? ScriptExecutor.Failure(failed.FileName, failed.Statements, failure.Statement, failure.Error, "nothing from this file was applied (the transaction was rolled back)")
                    : new OpsException(ExitCodes.Failed, $"{failed.FileName}: recording it in {Ledger.Table} failed, so nothing from it was applied: {failure.Error.MessageText} [{failure.Error.SqlState}]", failure.Error);
            }

            var conflict = LockConflictReport.Describe(failed, failure.Statement, failure.Error, wait, watch.Problem, policy);
            if (retries >= policy.LockRetries)
            {
                throw new OpsException(
                    ExitCodes.DdlLockTimeout,
                    $"{conflict}. Gave up after {retries + 1} tr{(retries == 0 ? "y" : "ies")} (--lock-retries {policy.LockRetries}): " +
                    $"nothing of {failed.FileName} was applied{(applied.Count > 0 ? $" (the {applied.Count} migration(s) before it were)" : string.Empty)}. " +
                    $"Run migrate again once that session has finished, or {LockConflictReport.Advice(wait)}; " +
                    "to wait longer, raise --ddl-lock-timeout or --lock-retries, or give the file a '-- cocktaildb:lock-timeout' header.",
                    failure.Error);
            }

            retries++;
            var pause = policy.Backoff(retries, _jitter);
            Log.Info($"{conflict}; rolled back, nothing of it applied. Try {retries + 1} of {policy.LockRetries + 1} in {Duration.Format(pause)}.");
            await Task.Delay(pause, ct);
        }

        return applied;
    }

    private static void Applied(List<AppliedMigration> applied, MigrationScript script, TimeSpan elapsed)
    {
        Log.Info($"applied {script.FileName} ({Migrator.TransactionMode(script)}) in {Duration.Format(elapsed)}");
        applied.Add(new AppliedMigration(script.Version, script.FileName, script.NoTransaction, elapsed));
    }
}
