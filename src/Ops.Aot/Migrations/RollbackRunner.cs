using CocktailDb.Ops.Cli;
using CocktailDb.Ops.Database;
using CocktailDb.Ops.Migrations.Manifest;
using Npgsql;

namespace CocktailDb.Ops.Migrations;

/// <summary>
/// `rollback --version N`: runs the embedded rollback script of the newest applied migration
/// and removes its ledger row, through the same runners as migrate (in one transaction, or
/// statement by statement for a no-transaction script, which a rerun resumes). Only the
/// newest: undoing an older one would leave later migrations standing on something that is gone.
/// </summary>
/// <param name="policy">Its lock and statement timeouts (a rollback script's headers win); a lock timeout is exit 8, not retried.</param>
internal sealed class RollbackRunner(NpgsqlConnection connection, NpgsqlDataSource dataSource, IReadOnlyList<MigrationScript> embedded, IReadOnlyList<MigrationScript> rollbacks, ExecutionPolicy policy)
{
    public async Task<TimeSpan> RollbackAsync(long version, TimeSpan lockTimeout, CancellationToken ct)
    {
        var script = rollbacks.FirstOrDefault(r => r.Version == version)
            ?? throw new OpsException(
                ExitCodes.Failed,
                $"there is no rollback script for version {version} in this binary (migrations/rollbacks/{version:00}_rollback_<name>.sql); write a new migration that undoes it instead.");
        if (!script.NoTransaction && script.TransactionControlLine > 0)
        {
            throw new OpsException(ExitCodes.Failed, $"{script.FileName} line {script.TransactionControlLine} controls transactions itself; remove that statement so the rollback and its ledger change commit together.");
        }

        // Given back when the command's session ends (see AdvisoryLock).
        await new AdvisoryLock(connection, AdvisoryLock.MigrationsKey, "migrations").AcquireAsync(lockTimeout, ct);
        var plan = MigrationPlan.Create(embedded, await Ledger.ReadAsync(connection, ct));
        var newest = plan.States.Where(s => s.Row is not null && s.Version is not null).MaxBy(s => s.Version);
        if (newest is null || newest.Version != version)
        {
            throw new OpsException(
                ExitCodes.Failed,
                newest is null
                    ? $"migration {version} is not applied: the ledger is empty."
                    : $"only the newest applied migration can be rolled back; that is {newest.Version} ({newest.FileName}), not {version}.");
        }

        if (newest.Status == MigrationStatus.Drifted)
        {
            throw new OpsException(ExitCodes.Drift, $"{newest.FileName} was applied with checksum {newest.Row!.Checksum} but the file now hashes to {newest.Script!.Checksum}; its rollback script may not match what was applied.");
        }

        var run = new ScriptRun(script, () => [Ledger.Delete(newest.Row!.FileName)], $"ran {script.FileName} ({script.TransactionMode}) and removed {newest.FileName} from {Ledger.Table}");
        var applied = await new MigrationApplier(connection, dataSource, policy, "rollback").ApplyAsync([run], ct);
        return applied[0].Elapsed;
    }
}
