namespace CocktailDb.Ops.Generators.Lint.Rules;

/// <summary>
/// CDB0104: VALIDATE CONSTRAINT in the transaction that added the constraint NOT VALID. Locks
/// are held until commit, so the validating scan runs under the ADD's strong lock and NOT VALID
/// gained nothing.
/// </summary>
internal sealed class ValidateInSameTransactionRule : LintRule
{
    public override Microsoft.CodeAnalysis.DiagnosticDescriptor Descriptor => DiagnosticDescriptors.ValidateInSameTransaction;

    public override void Check(StatementText statement, ClassifiedStatement classified, FileState file, LintReport report)
    {
        if (!file.Transactional || classified.Table is not { } table || file.IsNew(table))
        {
            return;
        }

        foreach (var action in classified.Actions)
        {
            if (action.Kind == TableActionKind.ValidateConstraint && action.ConstraintName is { } name && file.AddedNotValid(table, name))
            {
                report.Add(Descriptor, action.Start, action.End, name, table);
            }
        }
    }
}
