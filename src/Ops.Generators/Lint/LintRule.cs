using Microsoft.CodeAnalysis;

namespace CocktailDb.Ops.Generators.Lint;

/// <summary>
/// One lint rule: looks at a classified statement and the file so far, and reports through
/// <see cref="LintReport"/>. Rules are stateless; <see cref="LintRules.All"/> lists them.
/// </summary>
internal abstract class LintRule
{
    public abstract DiagnosticDescriptor Descriptor { get; }

    /// <summary>
    /// Warnings can be suppressed with '-- cocktaildb:allow ID because ...'. Errors cannot: they
    /// are statements PostgreSQL itself would refuse.
    /// </summary>
    public bool Suppressible => Descriptor.DefaultSeverity == DiagnosticSeverity.Warning;

    public abstract void Check(StatementText statement, ClassifiedStatement classified, FileState file, LintReport report);

    /// <summary>Offsets of the whole statement, for findings about all of it.</summary>
    protected static int StartOf(StatementText statement) => statement[0].Start;

    protected static int EndOf(StatementText statement) => statement.EndOf(0, statement.Count);
}
