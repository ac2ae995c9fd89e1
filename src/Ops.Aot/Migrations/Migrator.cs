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
/// version order (each with its ledger row in one transaction). The lock ends with the session.
/// </summary>
/// <param name="dataSource">For a second connection that looks up who holds a contested lock (see LockWatch).</param>
internal sealed class Migrator(NpgsqlConnection connection, NpgsqlDataSource dataSource, IReadOnlyList<MigrationScript> embedded, SchemaScript? schema)
{
    public async Task<MigrationResult> MigrateAsync(MigrationOptions options, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        // The lock is the session's, and is not given back here: the command closes the session
        // right after (never pooled, see DatabaseSettings), which releases it without a round trip.
        var migrationLock = new AdvisoryLock(connection, AdvisoryLock.MigrationsKey, "migrations");
        // A dry run changes nothing, so it neither waits for nor blocks a real run.
        var (shape, rows) = options.DryRun ? (await Ledger.ProbeAsync(connection, ct), null) : await LockAndReadAsync(migrationLock, options.LockTimeout, ct);
        var installSchema = shape == LedgerShape.Missing && await IsEmptyAsync(ct);
        if (!options.DryRun)
        {
            if (installSchema)
            {
                await InstallSchemaAsync(ct);
            }
            else
            {
                await Ledger.EnsureAsync(connection, ct, shape);
            }

            shape = LedgerShape.Adopted;
        }

        rows ??= await Ledger.ReadAsync(connection, ct, shape);
        if (installSchema && options.DryRun)
        {
            rows = SchemaBaselineRows().ToList();
        }

        var plan = MigrationPlan.Create(embedded, rows);
        RefuseDriftAndUnknowns(plan, options.AllowUnknown);

        var pending = plan.Pending
            .Where(s => options.Target is not { } target || s.Version <= target)
            .Select(s => s.Script!)
            .ToList();
        RefuseTransactionControl(pending);

        var applied = options.DryRun
            ? pending.Select(script => DescribeDryRun(script, options.ShowSql)).ToList()
            : await new MigrationApplier(connection, dataSource, options.Policy).ApplyAsync(pending, ct);

        var skipped = plan.States.Count(s => s.Script is not null && s.IsApplied);
        return new MigrationResult(options.DryRun, installSchema, applied, skipped, clock.Elapsed);
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

    /// <summary>
    /// For a database without a ledger: true when it has nothing in it. One with tables is
    /// refused: it was set up some other way, and loading schema.sql over it would be a disaster.
    /// </summary>
    private async Task<bool> IsEmptyAsync(CancellationToken ct)
    {
        var relations = await DatabaseInspector.UserRelationsAsync(connection, 6, ct);
        if (relations.Count == 0)
        {
            return true;
        }

        var newest = embedded.Count > 0 ? embedded[^1].Version : 0;
        throw OpsException.Configuration(
            $"database {connection.Database} has tables ({string.Join(", ", relations.Take(5))}{(relations.Count > 5 ? ", ..." : string.Empty)}) " +
            $"but no {Ledger.Table} ledger, so it was set up by other means; cocktaildb-ops will not initialise it over existing data. " +
            $"Record what it already contains with 'cocktaildb-ops baseline --version N' (N = the newest migration it has, e.g. {newest}), then run migrate.");
    }

    /// <summary>Loads schema.sql and records the migrations it contains, all in one transaction.</summary>
    private async Task InstallSchemaAsync(CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        if (schema is null)
        {
            await Ledger.EnsureAsync(connection, ct);
            Log.Info("empty database: created the ledger (this binary carries no schema file; applying every migration)");
            return;
        }

        var ledgerCommands = Ledger.CreateCommands()
            .Concat(embedded.Where(m => m.Version <= schema.DeclaredVersion).Select(m => Ledger.Insert(m.FileName, m.Checksum, LedgerMethod.Schema)));
        await ScriptExecutor.RunInTransactionAsync(connection, schema.FileName, schema.Statements, ledgerCommands, ct);
        Log.Info($"empty database: installed {schema.FileName} (schema version {schema.DeclaredVersion}) and baselined the migrations it contains in {Duration.Format(clock.Elapsed)}");
    }

    private IEnumerable<LedgerRow> SchemaBaselineRows() =>
        schema is null
            ? []
            : embedded.Where(m => m.Version <= schema.DeclaredVersion)
                .Select(m => new LedgerRow(m.FileName, null, m.Checksum, Shared.MigrationChecksum.Algorithm, LedgerMethod.Schema, null));

    private static void RefuseDriftAndUnknowns(MigrationPlan plan, bool allowUnknown)
    {
        var drifted = plan.Drifted.ToList();
        if (drifted.Count > 0)
        {
            throw new OpsException(
                ExitCodes.Drift,
                "applied migrations no longer match their files, so nothing was applied:\n" +
                string.Join("\n", drifted.Select(s => $"  {s.FileName}: applied {s.Row!.Checksum}, file now {s.Script!.Checksum}")) +
                "\nApplied migrations must not be edited: restore the file and put the change in a new migration.");
        }

        var unknown = plan.Unknown.ToList();
        if (unknown.Count > 0 && !allowUnknown)
        {
            throw new OpsException(
                ExitCodes.Drift,
                $"the database has migrations this binary does not know ({string.Join(", ", unknown.Select(s => s.FileName))}); " +
                "a newer cocktaildb-ops has probably run. Deploy that newer binary, or pass --allow-unknown to apply this binary's pending migrations anyway.");
        }
    }

    private static void RefuseTransactionControl(IEnumerable<MigrationScript> pending)
    {
        var offending = pending.Where(m => !m.NoTransaction && m.TransactionControlLine > 0).ToList();
        if (offending.Count > 0)
        {
            throw new OpsException(
                ExitCodes.Failed,
                "nothing was applied: " + string.Join("; ", offending.Select(m => $"{m.FileName} line {m.TransactionControlLine}")) +
                " controls transactions itself (BEGIN/COMMIT/ROLLBACK/END), which would break the one transaction each migration runs in. " +
                "Remove those statements, or make '-- cocktaildb:no-transaction' the first line to run it statement by statement.");
        }
    }

    private static AppliedMigration DescribeDryRun(MigrationScript script, bool showSql)
    {
        Log.Info($"would apply {script.FileName} ({TransactionMode(script)}, {script.Statements.Length} statements)");

        // The lock column was worked out at build time (see docs/migration-lint.md): what each
        // statement would make other sessions wait for, before anything is sent.
        for (var i = 0; i < script.Statements.Length; i++)
        {
            var statement = script.Statements[i];
            var locks = statement.Lock.Length > 0 ? statement.Lock : "no table lock";
            if (showSql)
            {
                Log.Info($"  -- statement {i + 1}, line {statement.Line}, locks: {locks}");
                Log.Info("  " + statement.Text.Replace("\n", "\n  ", StringComparison.Ordinal) + ";");
            }
            else
            {
                Log.Info($"  line {statement.Line}: {locks}: {FirstLine(statement.Text)}");
            }
        }

        return new AppliedMigration(script.Version, script.FileName, script.NoTransaction, TimeSpan.Zero);

        static string FirstLine(string text)
        {
            var end = text.IndexOf('\n', StringComparison.Ordinal);
            var line = end < 0 ? text : text[..end].TrimEnd() + " ...";
            return line.Length <= 100 ? line : line[..97] + "...";
        }
    }

    public static string TransactionMode(MigrationScript script) => script.NoTransaction ? "no transaction" : "one transaction";
}
