using System.Diagnostics.CodeAnalysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace CocktailDb.Ops.Generators.Tests.Infrastructure;

/// <summary>
/// Hands the generator the CocktailDbKind metadata EmbeddedMigrations.targets would, keyed by
/// path so a replaced AdditionalText for the same file keeps its kind.
/// </summary>
internal sealed class TestOptionsProvider(IReadOnlyDictionary<string, string> kindsByPath) : AnalyzerConfigOptionsProvider
{
    private static readonly AnalyzerConfigOptions None = new Options(new Dictionary<string, string>());

    public override AnalyzerConfigOptions GlobalOptions => None;

    public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => None;

    public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) =>
        kindsByPath.TryGetValue(textFile.Path, out var kind)
            ? new Options(new Dictionary<string, string> { ["build_metadata.AdditionalFiles.CocktailDbKind"] = kind })
            : None;

    private sealed class Options(Dictionary<string, string> values) : AnalyzerConfigOptions
    {
        public override bool TryGetValue(string key, [NotNullWhen(true)] out string? value) =>
            values.TryGetValue(key, out value);
    }
}
