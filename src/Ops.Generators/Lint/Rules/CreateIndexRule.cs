namespace CocktailDb.Ops.Generators.Lint.Rules;

/// <summary>CDB0101: CREATE INDEX without CONCURRENTLY on a table that existed before the migration.</summary>
internal sealed class CreateIndexRule : LintRule
{
    public override Microsoft.CodeAnalysis.DiagnosticDescriptor Descriptor => DiagnosticDescriptors.CreateIndexBlocksWrites;

    public override void Check(StatementText statement, ClassifiedStatement classified, FileState file, LintReport report)
    {
        if (classified.BuildsIndexBlockingWrites && classified.Table is { } table && !file.IsNew(table))
        {
            report.Add(Descriptor, StartOf(statement), EndOf(statement), table);
        }
    }
}
