using System.Globalization;
using CocktailDb.Ops.Analytics;
using CocktailDb.Ops.Cli;
using CocktailDb.Ops.Configuration;
using CocktailDb.Ops.Database;
using CocktailDb.Ops.Migrations;
using CocktailDb.Ops.Migrations.Manifest;

namespace CocktailDb.Ops.Commands;

/// <summary>Commands that read or change the schema of the configured database.</summary>
internal sealed class MigrationCommands
{
    /// <summary>
    /// Apply pending migrations in version order, each with its ledger row in one transaction.
    /// An empty database gets the embedded schema.sql first. Runners on several hosts may start
    /// at once: one applies, the others wait (holding no transaction) up to --lock-timeout.
    /// Each statement waits at most --ddl-lock-timeout for a table's lock (so the site's queries
    /// never queue behind it for longer); a migration that times out is rolled back whole and
    /// tried again, up to --lock-retries more times, naming who held the lock. A file's
    /// cocktaildb:lock-timeout / cocktaildb:statement-timeout header comment wins for it.
    /// Exit codes: 0 ok, 1 a migration failed (nothing of it applied), 3 drift or unknown
    /// migrations, 4 another runner held the migration lock past --lock-timeout, 5 cannot
    /// connect, 6 configuration (or tables without a ledger), 8 a migration did not get its
    /// table locks on any try (nothing of it applied).
    /// </summary>
    /// <param name="dryRun">List what would run, with transaction mode; change nothing.</param>
    /// <param name="showSql">With --dry-run: print every statement too.</param>
    /// <param name="target">Apply pending migrations up to this version only.</param>
    /// <param name="lockTimeout">How long to wait for another runner's migration lock, e.g. 90s or 5m.</param>
    /// <param name="ddlLockTimeout">How long one statement may wait for a table's lock (PostgreSQL lock_timeout), e.g. 5s.</param>
    /// <param name="statementTimeout">How long one statement may run (statement_timeout), e.g. 5m.</param>
    /// <param name="lockRetries">How many more times a migration is tried after a lock timeout or deadlock.</param>
    /// <param name="lockRetryMaxWait">The longest pause between tries (pauses double from 1s, with jitter).</param>
    /// <param name="allowUnknown">Proceed although the database has migrations this binary doesn't know.</param>
    /// <param name="json">Print the result as JSON (progress goes to standard error).</param>
    /// <param name="envFile">KEY=VALUE file with DB_* settings (default /opt/cocktaildb/.env when present).</param>
    /// <param name="connection">postgres://user@host:port/db URL or connection string; the password is best left in DB_PASSWORD.</param>
    public async Task<int> Migrate(
        bool dryRun = false,
        bool showSql = false,
        long? target = null,
        string lockTimeout = "60s",
        string ddlLockTimeout = "5s",
        string statementTimeout = "none",
        int lockRetries = ExecutionPolicy.DefaultLockRetries,
        string lockRetryMaxWait = "30s",
        bool allowUnknown = false,
        bool json = false,
        string? envFile = null,
        string? connection = null,
        CancellationToken cancellationToken = default)
    {
        if (json)
        {
            Log.ProgressToStandardError();
        }

        var policy = ExecutionPolicy.FromOptions(ddlLockTimeout, statementTimeout, lockRetries, lockRetryMaxWait);
        var options = new MigrationOptions(target, Duration.ParseOption("--lock-timeout", lockTimeout), allowUnknown, policy);
        await using var session = await DbSession.OpenAsync(
            new ConnectionOptions(envFile, connection), "migrate", cancellationToken, new SessionDefaults(policy.LockTimeout, policy.StatementTimeout, CheckConnection: true));
        Log.Info($"database {session.Connection.Database} on {session.Connection.Host}:{session.Connection.Port} as {session.Connection.UserName}");
        var result = dryRun
            ? await new DryRun(session.Connection, EmbeddedManifest.Migrations, EmbeddedManifest.Schema).DescribeAsync(target, allowUnknown, showSql, cancellationToken)
            : await new Migrator(session.Connection, session.DataSource, EmbeddedManifest.Migrations, EmbeddedManifest.Schema).MigrateAsync(options, cancellationToken);

        if (json)
        {
            JsonOutput.Write(w =>
            {
                w.WriteStartObject();
                w.WriteBoolean("dryRun", result.DryRun);
                w.WriteBoolean("installedSchema", result.InstalledSchema);
                w.WriteStartArray(result.DryRun ? "wouldApply" : "applied");
                foreach (var m in result.Applied)
                {
                    w.WriteStartObject();
                    w.WriteNumber("version", m.Version);
                    w.WriteString("file", m.FileName);
                    w.WriteString("transaction", m.NoTransaction ? "none" : "single");
                    w.WriteNumber("ms", (long)m.Elapsed.TotalMilliseconds);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteNumber("skipped", result.Skipped);
                w.WriteNumber("elapsedMs", (long)result.Elapsed.TotalMilliseconds);
                w.WriteEndObject();
            });
        }
        else
        {
            var verb = result.DryRun ? "would apply" : "applied";
            Log.Info($"{verb} {result.Applied.Count}, skipped {result.Skipped} already applied, elapsed {Duration.Format(result.Elapsed)}");
        }

        return ExitCodes.Ok;
    }

    /// <summary>
    /// Show every migration known to this binary or the database: applied, baselined, applied
    /// without checksum (legacy rows), pending, drifted, unknown to this binary.
    /// Exit codes: 0 up to date, 7 migrations pending, 3 drift or unknown migrations,
    /// 5 cannot connect, 6 configuration (or tables without a ledger).
    /// </summary>
    /// <param name="json">Print JSON instead of a table.</param>
    /// <param name="envFile">KEY=VALUE file with DB_* settings (default /opt/cocktaildb/.env when present).</param>
    /// <param name="connection">postgres:// URL or connection string.</param>
    public async Task<int> Status(bool json = false, string? envFile = null, string? connection = null, CancellationToken cancellationToken = default)
    {
        await using var session = await DbSession.OpenAsync(new ConnectionOptions(envFile, connection), "status", cancellationToken);
        var shape = await Ledger.ProbeAsync(session.Connection, cancellationToken);
        if (shape == LedgerShape.Missing)
        {
            await Adoption.RefuseTablesWithoutLedgerAsync(session.Connection, EmbeddedManifest.Migrations, cancellationToken);
        }

        var plan = MigrationPlan.Create(
            EmbeddedManifest.Migrations,
            await Ledger.ReadAsync(session.Connection, cancellationToken, shape),
            await StatementProgress.ReadAllAsync(session.Connection, cancellationToken));
        var exitCode = plan.Drifted.Any() || plan.Unknown.Any() ? ExitCodes.Drift
            : plan.Pending.Any() ? ExitCodes.Pending
            : ExitCodes.Ok;
        AnalyticsSection? analytics = null;
        if (await AnalyticsStateReader.IsInstalledAsync(session.Connection, cancellationToken))
        {
            var state = await AnalyticsStateReader.ReadAsync(session.Connection, cancellationToken);
            var check = await CheckSettings.ReadAsync(new ConnectionOptions(envFile, connection), cancellationToken);
            analytics = new AnalyticsSection(state, DebouncePolicy.Decide(state, check.QuietPeriod, check.MaxWait, check.RetryDelay), check);
        }

        StatusReport.Write(plan, analytics, json);
        return exitCode;
    }

    /// <summary>
    /// Check every applied migration's checksum against the file embedded in this binary.
    /// Exit codes: 0 all match, 3 drift (each file named with both hashes), unknown migrations,
    /// or nothing to check (no ledger, or none of its rows has a checksum), 5 cannot connect,
    /// 6 configuration (or tables without a ledger).
    /// </summary>
    /// <param name="envFile">KEY=VALUE file with DB_* settings (default /opt/cocktaildb/.env when present).</param>
    /// <param name="connection">postgres:// URL or connection string.</param>
    public async Task<int> Verify(string? envFile = null, string? connection = null, CancellationToken cancellationToken = default)
    {
        await using var session = await DbSession.OpenAsync(new ConnectionOptions(envFile, connection), "verify", cancellationToken);
        var carried = $"the {EmbeddedManifest.Migrations.Length} migrations this binary carries";
        var shape = await Ledger.ProbeAsync(session.Connection, cancellationToken);
        if (shape == LedgerShape.Missing)
        {
            await Adoption.RefuseTablesWithoutLedgerAsync(session.Connection, EmbeddedManifest.Migrations, cancellationToken);
            throw new OpsException(
                ExitCodes.Drift,
                $"database {session.Connection.Database} has no {Ledger.Table} ledger, so none of {carried} could be checked. " +
                "Check that --connection or DB_NAME names the right database; an empty one is installed by 'cocktaildb-ops migrate'.");
        }

        var plan = MigrationPlan.Create(EmbeddedManifest.Migrations, await Ledger.ReadAsync(session.Connection, cancellationToken, shape));
        var failed = false;
        foreach (var state in plan.States)
        {
            switch (state.Status)
            {
                case MigrationStatus.Drifted:
                    Console.WriteLine($"DRIFT    {state.FileName}: applied {state.Row!.Checksum}, embedded {state.Script!.Checksum}");
                    failed = true;
                    break;
                case MigrationStatus.Unknown:
                    Console.WriteLine($"UNKNOWN  {state.FileName}: applied {state.Row!.Checksum}, not in this binary");
                    failed = true;
                    break;
                case MigrationStatus.AppliedWithoutChecksum:
                    Console.WriteLine($"NO HASH  {state.FileName}: legacy row without checksum (record it with 'baseline --version {state.Version}')");
                    break;
                case MigrationStatus.Applied or MigrationStatus.Baselined:
                    Console.WriteLine($"ok       {state.FileName}");
                    break;
            }
        }

        if (failed)
        {
            Console.WriteLine("verification FAILED");
            return ExitCodes.Drift;
        }

        var embedded = plan.States.Where(s => s.Script is not null).ToList();
        var verified = embedded.Count(s => s.Status is MigrationStatus.Applied or MigrationStatus.Baselined);
        var notChecked = string.Join(", ", embedded.Where(s => s.Status is not (MigrationStatus.Applied or MigrationStatus.Baselined))
            .GroupBy(s => s.Status switch
            {
                MigrationStatus.Pending => "not applied",
                MigrationStatus.AppliedWithoutChecksum => "recorded without a checksum",
                _ => "recorded with another checksum algorithm",
            })
            .Select(g => $"{g.Count()} {g.Key}"));
        if (verified == 0)
        {
            throw new OpsException(
                ExitCodes.Drift,
                $"none of {carried} could be checked: the ledger records none of them with a checksum ({(notChecked.Length > 0 ? notChecked : "it is empty")}). " +
                "Record the checksums of what the database contains with 'cocktaildb-ops baseline --version N', or apply the migrations with 'cocktaildb-ops migrate'.");
        }

        Console.WriteLine($"verified {verified} applied migrations{(notChecked.Length > 0 ? $"; {embedded.Count - verified} of {carried} could not be checked ({notChecked})" : string.Empty)}");
        return ExitCodes.Ok;
    }

    /// <summary>
    /// Record migrations up to --version as applied without running them, for a database that
    /// was migrated by hand or by the old script. Legacy rows up to that version get their
    /// checksums recorded; a version below the first embedded migration only creates the ledger.
    /// Refuses on an empty database or when the ledger disagrees (drift).
    /// Exit codes: 0 ok, 1 refused, 2 unknown version, 3 drift, 4 lock timeout, 5 cannot connect, 6 configuration.
    /// </summary>
    /// <param name="version">The newest migration the database already contains.</param>
    /// <param name="lockTimeout">How long to wait for another runner, e.g. 90s.</param>
    /// <param name="envFile">KEY=VALUE file with DB_* settings (default /opt/cocktaildb/.env when present).</param>
    /// <param name="connection">postgres:// URL or connection string.</param>
    public async Task<int> Baseline(long version, string lockTimeout = "60s", string? envFile = null, string? connection = null, CancellationToken cancellationToken = default)
    {
        var timeout = Duration.ParseOption("--lock-timeout", lockTimeout);
        await using var session = await DbSession.OpenAsync(new ConnectionOptions(envFile, connection), "baseline", cancellationToken);
        var (recorded, checksums) = await new Baseliner(session.Connection, EmbeddedManifest.Migrations).BaselineAsync(version, timeout, cancellationToken);
        Log.Info($"baselined up to {version}: recorded {recorded} migrations without running them, recorded checksums of {checksums} legacy rows");
        return ExitCodes.Ok;
    }

    /// <summary>
    /// Run the embedded rollback script of the newest applied migration and remove its ledger
    /// row, in one transaction. Refuses for any other version or when there is no rollback script.
    /// Its statements wait at most --ddl-lock-timeout for a table's lock (not retried: run it again).
    /// Exit codes: 0 ok, 1 refused or failed (nothing changed), 3 drift, 4 another runner held the
    /// migration lock past --lock-timeout, 5 cannot connect, 6 configuration, 8 a table's lock not granted in time.
    /// </summary>
    /// <param name="version">The migration to undo: must be the newest applied one.</param>
    /// <param name="lockTimeout">How long to wait for another runner's migration lock, e.g. 90s.</param>
    /// <param name="ddlLockTimeout">How long one statement may wait for a table's lock (PostgreSQL lock_timeout), e.g. 5s.</param>
    /// <param name="statementTimeout">How long one statement may run (statement_timeout), e.g. 5m.</param>
    /// <param name="envFile">KEY=VALUE file with DB_* settings (default /opt/cocktaildb/.env when present).</param>
    /// <param name="connection">postgres:// URL or connection string.</param>
    public async Task<int> Rollback(
        long version,
        string lockTimeout = "60s",
        string ddlLockTimeout = "5s",
        string statementTimeout = "none",
        string? envFile = null,
        string? connection = null,
        CancellationToken cancellationToken = default)
    {
        var timeout = Duration.ParseOption("--lock-timeout", lockTimeout);
        var policy = ExecutionPolicy.FromOptions(ddlLockTimeout, statementTimeout, 0, "1s");
        await using var session = await DbSession.OpenAsync(
            new ConnectionOptions(envFile, connection), "rollback", cancellationToken, new SessionDefaults(policy.LockTimeout, policy.StatementTimeout, CheckConnection: true));
        var elapsed = await new RollbackRunner(session.Connection, session.DataSource, EmbeddedManifest.Migrations, EmbeddedManifest.Rollbacks, policy)
            .RollbackAsync(version, timeout, cancellationToken);
        Log.Info($"rolled back {version.ToString(CultureInfo.InvariantCulture)} in {Duration.Format(elapsed)}");
        return ExitCodes.Ok;
    }
}
