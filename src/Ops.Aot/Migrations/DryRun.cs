using System.Diagnostics;
using CocktailDb.Ops.Cli;
using CocktailDb.Ops.Migrations.Manifest;
using Npgsql;

namespace CocktailDb.Ops.Migrations;

/// <summary>
/// `migrate --dry-run`: what a run would do, from the same plan, changing nothing. It takes no
/// lock, so it neither waits for nor blocks a real run.
/// </summary>
internal sealed class DryRun(NpgsqlConnection connection, IReadOnlyList<MigrationScript> embedded, MigrationScript? schema)
{
    /// <param name="showSql">Print every statement whole, not only its first line.</param>
    public async Task<MigrationResult> DescribeAsync(long? target, bool allowUnknown, bool showSql, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var shape = await Ledger.ProbeAsync(connection, ct);
        var fresh = await EmptyDatabase.IsFreshAsync(connection, shape, schema, embedded, target, ct);
        if (fresh)
        {
            Log.Info(schema is null
                ? "empty database: would create the ledger and apply every migration (this binary carries no schema file)"
                : $"empty database: would install {schema.FileName} (schema version {schema.Version}) and record the migrations up to {schema.Version} as contained in it");
        }

        var rows = fresh ? EmptyDatabase.RowsAfterInstall(schema, embedded) : await Ledger.ReadAsync(connection, ct, shape);
        var progress = fresh ? new Dictionary<string, int>() : await StatementProgress.ReadAllAsync(connection, ct);
        var plan = MigrationPlan.Create(embedded, rows, progress);
        var pending = plan.ToApply(target, allowUnknown);
        var would = pending.Select(script => Describe(script, progress.GetValueOrDefault(script.FileName), showSql)).ToList();
        var skipped = plan.States.Count(s => s.Script is not null && s.IsApplied);
        return new MigrationResult(true, fresh && schema is not null, would, skipped, clock.Elapsed);
    }

    private static AppliedMigration Describe(MigrationScript script, int done, bool showSql)
    {
        Log.Info(done > 0
            ? $"would resume {script.FileName} ({script.TransactionMode}) at statement {done + 1} of {script.Statements.Length}: statements 1-{done} were applied by an earlier run"
            : $"would apply {script.FileName} ({script.TransactionMode}, {script.Statements.Length} statements)");

        // The lock column was worked out at build time (see docs/migration-lint.md): what each
        // statement would make other sessions wait for, before anything is sent.
        for (var i = done; i < script.Statements.Length; i++)
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
    }

    private static string FirstLine(string text)
    {
        var end = text.IndexOf('\n', StringComparison.Ordinal);
        var line = end < 0 ? text : text[..end].TrimEnd() + " ...";
        return line.Length <= 100 ? line : line[..97] + "...";
    }
}
