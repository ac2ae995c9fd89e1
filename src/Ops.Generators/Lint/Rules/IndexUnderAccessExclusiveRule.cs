namespace CocktailDb.Ops.Generators.Lint.Rules;

/// <summary>
/// CDB0108: ADD PRIMARY KEY / UNIQUE / EXCLUDE (or a column added with an inline one) builds its
/// index under ACCESS EXCLUSIVE, unless it attaches an index built beforehand (USING INDEX).
/// </summary>
internal sealed class IndexUnderAccessExclusiveRule : LintRule
{
    public override Microsoft.CodeAnalysis.DiagnosticDescriptor Descriptor => DiagnosticDescriptors.IndexUnderAccessExclusive;

    public override void Check(StatementText statement, ClassifiedStatement classified, FileState file, LintReport report)
    {
        if (classified.Table is not { } table || file.IsNew(table))
        {
            return;
        }

        foreach (var action in classified.Actions)
        {
            if (action.Kind is not (TableActionKind.AddConstraint or TableActionKind.AddColumn) || action.UsingIndex)
            {
                continue;
            }

            var what = action.Constraint switch
            {
                ConstraintKind.PrimaryKey => "PRIMARY KEY",
                ConstraintKind.Unique => "UNIQUE",
                ConstraintKind.Exclude => "EXCLUDE",
                _ => null,
            };
            if (what is null)
            {
                continue;
            }

            var fix = action.Constraint == ConstraintKind.Exclude
                ? "An exclusion constraint has no online form: add it while the table is small or in a maintenance window, and suppress this with that reason."
                : "Build the index first with CREATE UNIQUE INDEX CONCURRENTLY in a '-- cocktaildb:no-transaction' migration, then attach it: ALTER TABLE " + table + " ADD CONSTRAINT name " + what + " USING INDEX index_name.";
            report.Add(Descriptor, action.Start, action.End, what, table, fix);
        }
    }
}
