using System.Collections.Generic;
using CocktailDb.Ops.Generators.Models;

namespace CocktailDb.Ops.Generators.Lint;

/// <summary>What the lint found in one file: what each statement does, and the diagnostics.</summary>
internal sealed class LintResult
{
    public LintResult(ClassifiedStatement[] statements, List<DiagnosticInfo> diagnostics)
    {
        Statements = statements;
        Diagnostics = diagnostics;
    }

    /// <summary>One entry per split statement, in order.</summary>
    public ClassifiedStatement[] Statements { get; }

    public List<DiagnosticInfo> Diagnostics { get; }
}
