namespace CocktailDb.Ops.Generators.Lint.Rules;

/// <summary>
/// CDB0107: a statement that rewrites a table that existed before the migration: ADD COLUMN with
/// a volatile default, a stored generated, identity or serial column; SET LOGGED / UNLOGGED /
/// TABLESPACE / ACCESS METHOD; CLUSTER; VACUUM FULL; REFRESH MATERIALIZED VIEW without CONCURRENTLY.
/// </summary>
internal sealed class TableRewriteRule : LintRule
{
    public override Microsoft.CodeAnalysis.DiagnosticDescriptor Descriptor => DiagnosticDescriptors.TableRewrite;

    public override void Check(StatementText statement, ClassifiedStatement classified, FileState file, LintReport report)
    {
        if (classified.Table is not { } table || file.IsNew(table))
        {
            return;
        }

        if (classified.Rewrite is { } reason)
        {
            var fix = statement.IsWord(0, "REFRESH")
                ? "Use REFRESH MATERIALIZED VIEW CONCURRENTLY (it needs a unique index on the view and lets reads go on)."
                : "Run it while the table is small or in a maintenance window, and suppress this with that reason.";
            report.Add(Descriptor, StartOf(statement), EndOf(statement), table, reason, fix);
        }

        foreach (var action in classified.Actions)
        {
            if (action.Rewrite is not { } why)
            {
                continue;
            }

            var fix = action.Kind == TableActionKind.AddColumn
                ? "Add the column without a default (or with a constant one), then set the default with ALTER COLUMN ... SET DEFAULT and fill the existing rows in batches."
                : "Run it while the table is small or in a maintenance window, and suppress this with that reason.";
            report.Add(Descriptor, action.Start, action.End, table, why, fix);
        }
    }
}
