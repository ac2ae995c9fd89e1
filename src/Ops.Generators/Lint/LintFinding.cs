using Microsoft.CodeAnalysis;

namespace CocktailDb.Ops.Generators.Lint;

/// <summary>A rule's finding: which rule, where in the file (normalised offsets), and the message arguments after the file name.</summary>
internal sealed class LintFinding
{
    public LintFinding(DiagnosticDescriptor descriptor, int statement, int start, int end, string[] args)
    {
        Descriptor = descriptor;
        Statement = statement;
        Start = start;
        End = end;
        Args = args;
    }

    public DiagnosticDescriptor Descriptor { get; }

    /// <summary>Index of the statement it is about: suppressions work per statement.</summary>
    public int Statement { get; }

    public int Start { get; }

    public int End { get; }

    public string[] Args { get; }
}
