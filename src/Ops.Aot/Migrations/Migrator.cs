using System.Diagnostics;
using CocktailDb.Ops.Cli;
using CocktailDb.Ops.Database;
using CocktailDb.Ops.Migrations.Manifest;
using Npgsql;

namespace CocktailDb.Ops.Migrations;

/// <summary>
/// Applies pending migrations. Reads like the steps an operator would take by hand: take the
/// lock, make sure the ledger exists (or install a fresh database from schema.sql), refuse on
/// drift or unknown migrations, check every pending file before running any, apply them in
/// version order (each with its ledger row in one transaction). The lock is given back when the
/// command's session ends (see AdvisoryLock).
/// </summary>
/// <param name="dataSource">For a second connection that looks up who holds a contested lock (see LockWatch).</param>
internal sealed class Migrator(NpgsqlConnection connection, NpgsqlDataSource dataSource, IReadOnlyList<MigrationScript> embedded, MigrationScript? schema)
{
    public async Task<MigrationResult> MigrateAsync(MigrationOptions options, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var (shape, rows) = await LockAndReadAsync(new AdvisoryLock(connection, AdvisoryLock.MigrationsKey, "migrations"), options.LockTimeout, ct);
        var runs = new List<ScriptRun>();
        var fresh = await EmptyDatabase.IsFreshAsync(connection, shape, schema, embedded, options.Target, ct);
        if (fresh && schema is not null)
        {
            runs.Add(EmptyDatabase.Install(schema, embedded));
            rows = EmptyDatabase.RowsAfterInstall(schema, embedded);
        }
        else
        {
            await Ledger.EnsureAsync(connection, ct, shape);
            if (fresh)
            {
                Log.Info("empty database: created the ledger (this binary carries no schema file; applying every migration)");
            }
        }

        var plan = MigrationPlan.Create(embedded, rows ?? await Ledger.ReadAsync(connection, ct, LedgerShape.Adopted));
        runs.AddRange(plan.ToApply(options.Target, options.AllowUnknown).Select(m =>
            new ScriptRun(m, () => [Ledger.Insert(m.FileName, m.Checksum, LedgerMethod.Applied)], $"applied {m.FileName} ({m.TransactionMode})")));
        var applied = await new MigrationApplier(connection, dataSource, options.Policy, "migrate").ApplyAsync(runs, ct);

        var skipped = plan.States.Count(s => s.Script is not null && s.IsApplied);
        var installed = fresh && schema is not null;
        return new MigrationResult(false, installed, installed ? applied[1..] : applied, skipped, clock.Elapsed);
    }

    /// <summary>
    /// Takes the migration lock and reads the ledger in one round trip when the lock is free and
    /// the ledger adopted: every run after a database's first. The read goes without probing
    /// the ledger's shape first (in a new session that catalog query costs the server more than
    /// the read itself); on a database without the table or with the old runner's, it fails,
    /// the server logs that error once, and the shape is probed instead. The lock taken before
    /// the failed read stays: a session's advisory lock outlives the rollback of the batch.
    /// When another runner holds the lock, waits for it and looks again, since the holder may
    /// be changing the ledger.
    /// </summary>
    /// <returns>The ledger's shape, and its rows when they were read on the way.</returns>
    private async Task<(LedgerShape Shape, List<LedgerRow>? Rows)> LockAndReadAsync(AdvisoryLock migrationLock, TimeSpan lockTimeout, CancellationToken ct)
    {
        List<LedgerRow>? rows = null;
        try
        {
            await using var batch = new NpgsqlBatch(connection) { BatchCommands = { migrationLock.TryAcquireCommand(), Ledger.ReadAdoptedCommand() } };
            await using var reader = await batch.ExecuteReaderAsync(ct);
            await reader.ReadAsync(ct);
            migrationLock.Record(reader.GetBoolean(0));
            await reader.NextResultAsync(ct);
            rows = await Ledger.ReadRowsAsync(reader, ct);
        }
        catch (PostgresException ex) when (Ledger.IsNotAdopted(ex))
        {
        }

        if (migrationLock.Held)
        {
            return rows is null ? (await Ledger.ProbeAsync(connection, ct), null) : (LedgerShape.Adopted, rows);
        }

        await migrationLock.AcquireAsync(lockTimeout, ct);
        return (await Ledger.ProbeAsync(connection, ct), null);
    }
}
