namespace CocktailDb.Ops.Generators.Lint.Rules;

/// <summary>CDB0106: ALTER COLUMN ... TYPE on an existing table.</summary>
internal sealed class AlterColumnTypeRule : LintRule
{
    public override Microsoft.CodeAnalysis.DiagnosticDescriptor Descriptor => DiagnosticDescriptors.AlterColumnType;

    public override void Check(StatementText statement, ClassifiedStatement classified, FileState file, LintReport report)
    {
        if (classified.Table is not { } table || file.IsNew(table))
        {
            return;
        }

        foreach (var action in classified.Actions)
        {
            if (action.Kind == TableActionKind.AlterColumnType)
            {
                report.Add(Descriptor, action.Start, action.End, table, action.Column ?? "?");
            }
        }
    }
}
