using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace CocktailDb.Ops.Generators.Lint;

/// <summary>Collects the findings of every rule for the statement being checked.</summary>
internal sealed class LintReport
{
    public List<LintFinding> Findings { get; } = new();

    /// <summary>The statement the rules are looking at now.</summary>
    public int Statement { get; set; }

    public void Add(DiagnosticDescriptor descriptor, int start, int end, params string[] args) =>
        Findings.Add(new LintFinding(descriptor, Statement, start, end, args));
}
