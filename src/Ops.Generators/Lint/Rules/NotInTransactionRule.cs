namespace CocktailDb.Ops.Generators.Lint.Rules;

/// <summary>CDB0102: a statement PostgreSQL refuses inside a transaction block, in a file that runs in one.</summary>
internal sealed class NotInTransactionRule : LintRule
{
    public override Microsoft.CodeAnalysis.DiagnosticDescriptor Descriptor => DiagnosticDescriptors.NotInTransaction;

    public override void Check(StatementText statement, ClassifiedStatement classified, FileState file, LintReport report)
    {
        if (file.Transactional && classified.NotInTransaction is { } command)
        {
            report.Add(Descriptor, StartOf(statement), EndOf(statement), command);
        }
    }
}
