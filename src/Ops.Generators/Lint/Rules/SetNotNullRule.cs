namespace CocktailDb.Ops.Generators.Lint.Rules;

/// <summary>CDB0105: SET NOT NULL without a validated CHECK (column IS NOT NULL) before it.</summary>
internal sealed class SetNotNullRule : LintRule
{
    public override Microsoft.CodeAnalysis.DiagnosticDescriptor Descriptor => DiagnosticDescriptors.SetNotNullScans;

    public override void Check(StatementText statement, ClassifiedStatement classified, FileState file, LintReport report)
    {
        if (classified.Table is not { } table || file.IsNew(table))
        {
            return;
        }

        foreach (var action in classified.Actions)
        {
            if (action.Kind == TableActionKind.SetNotNull && action.Column is { } column && !file.HasValidatedNotNullCheck(table, column))
            {
                report.Add(Descriptor, action.Start, action.End, table, column);
            }
        }
    }
}
