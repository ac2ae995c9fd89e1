using System.Collections.Generic;
using CocktailDb.Ops.Generators.Models;

namespace CocktailDb.Ops.Generators.Lint;

/// <summary>What the lint found in one file: what each statement does, what the file leaves, and the diagnostics.</summary>
internal sealed class LintResult
{
    public LintResult(ClassifiedStatement[] statements, SchemaObjectModel[] leaves, List<DiagnosticInfo> diagnostics)
    {
        Statements = statements;
        Leaves = leaves;
        Diagnostics = diagnostics;
    }

    /// <summary>One entry per split statement, in order.</summary>
    public ClassifiedStatement[] Statements { get; }

    /// <summary>What the file leaves in the database (see <see cref="SchemaObjects"/>).</summary>
    public SchemaObjectModel[] Leaves { get; }

    public List<DiagnosticInfo> Diagnostics { get; }
}
