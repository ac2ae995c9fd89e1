using System.Collections.Generic;
using CocktailDb.Ops.Generators.Models;

namespace CocktailDb.Ops.Generators.Lint;

/// <summary>What the lint found in one file: each statement's locks (as text) and the diagnostics.</summary>
internal sealed class LintResult
{
    public LintResult(string[] locks, List<DiagnosticInfo> diagnostics)
    {
        Locks = locks;
        Diagnostics = diagnostics;
    }

    /// <summary>One entry per split statement, in order (see <see cref="TableLocks.Format"/>).</summary>
    public string[] Locks { get; }

    public List<DiagnosticInfo> Diagnostics { get; }
}
