namespace CocktailDb.Ops.Generators.Lint.Rules;

/// <summary>CDB0103: ADD CONSTRAINT ... FOREIGN KEY or CHECK without NOT VALID on an existing table.</summary>
internal sealed class ConstraintWithoutNotValidRule : LintRule
{
    public override Microsoft.CodeAnalysis.DiagnosticDescriptor Descriptor => DiagnosticDescriptors.ConstraintValidatedUnderLock;

    public override void Check(StatementText statement, ClassifiedStatement classified, FileState file, LintReport report)
    {
        if (classified.Table is not { } table || file.IsNew(table))
        {
            return;
        }

        foreach (var action in classified.Actions)
        {
            if (action.Kind != TableActionKind.AddConstraint || action.NotValid)
            {
                continue;
            }

            if (action.Constraint == ConstraintKind.ForeignKey)
            {
                var referenced = action.Referenced ?? "the referenced table";
                report.Add(Descriptor, action.Start, action.End, "a FOREIGN KEY", table, "SHARE ROW EXCLUSIVE on " + table + " and " + referenced + " (writes to both wait)");
            }
            else if (action.Constraint == ConstraintKind.Check)
            {
                report.Add(Descriptor, action.Start, action.End, "a CHECK constraint", table, "ACCESS EXCLUSIVE (reads and writes wait)");
            }
        }
    }
}
