using CocktailDb.Ops.Cli;
using CocktailDb.Ops.Database;
using CocktailDb.Ops.Migrations.Manifest;
using Npgsql;

namespace CocktailDb.Ops.Migrations;

/// <summary>
/// `baseline --version N`: records that a database migrated by hand (or by the old bash
/// runner) already contains every embedded migration up to N, without running them. Legacy
/// rows up to N get their checksums recorded, on purpose, so later edits show as drift. N
/// below the first embedded migration only creates the ledger: the database predates them all.
/// </summary>
internal sealed class Baseliner(NpgsqlConnection connection, IReadOnlyList<MigrationScript> embedded)
{
    public async Task<(int Recorded, int ChecksumsAdded)> BaselineAsync(long version, TimeSpan lockTimeout, CancellationToken ct)
    {
        // Below the first: the database has only what came before this binary's migrations.
        if (!embedded.Any(m => m.Version == version) && !(embedded.Count > 0 && version >= 0 && version < embedded[0].Version))
        {
            throw OpsException.Usage(
                $"{version} is not a migration this binary carries (it has {string.Join(", ", embedded.Select(m => m.Version))}). " +
                await Adoption.AdviceAsync(connection, embedded, ct));
        }

        // Given back when the command's session ends (see AdvisoryLock).
        await new AdvisoryLock(connection, AdvisoryLock.MigrationsKey, "migrations").AcquireAsync(lockTimeout, ct);
        if (await Ledger.ProbeAsync(connection, ct) == LedgerShape.Missing && (await DatabaseInspector.UserRelationsAsync(connection, 1, ct)).Count == 0)
        {
            throw new OpsException(ExitCodes.Failed, $"database {connection.Database} is empty: there is nothing to baseline. Run 'cocktaildb-ops migrate' to install it.");
        }

        await Ledger.EnsureAsync(connection, ct);
        var plan = MigrationPlan.Create(embedded, await Ledger.ReadAsync(connection, ct));
        var covered = plan.States.Where(s => s.Script is not null && s.Version <= version).ToList();
        var drifted = covered.Where(s => s.Status == MigrationStatus.Drifted).ToList();
        if (drifted.Count > 0)
        {
            throw new OpsException(
                ExitCodes.Drift,
                $"refusing to baseline: the ledger records {string.Join(", ", drifted.Select(s => s.FileName))} with other checksums than this binary's files; " +
                "the database does not contain these files as they are. Run 'cocktaildb-ops verify' for details.");
        }

        await using var batch = new NpgsqlBatch(connection);
        var recorded = 0;
        var checksums = 0;
        foreach (var state in covered)
        {
            if (state.Status == MigrationStatus.Pending)
            {
                batch.BatchCommands.Add(Ledger.Insert(state.Script!.FileName, state.Script.Checksum, LedgerMethod.Baseline));
                recorded++;
            }
            else if (state.Status == MigrationStatus.AppliedWithoutChecksum)
            {
                batch.BatchCommands.Add(Ledger.RecordChecksum(state.Row!.FileName, state.Script!.Checksum));
                checksums++;
            }
        }

        if (batch.BatchCommands.Count > 0)
        {
            // Several commands in one batch run as one implicit transaction: all or nothing.
            await batch.ExecuteNonQueryAsync(ct);
        }

        return (recorded, checksums);
    }
}
