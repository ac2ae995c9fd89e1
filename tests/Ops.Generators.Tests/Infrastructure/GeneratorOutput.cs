using CocktailDb.Ops.Generators.Models;
using Microsoft.CodeAnalysis;

namespace CocktailDb.Ops.Generators.Tests.Infrastructure;

/// <summary>What one generator run produced, with helpers to read it as a user would.</summary>
internal sealed class GeneratorOutput(GeneratorDriverRunResult result, IReadOnlyList<SqlFile> inputs)
{
    public GeneratorDriverRunResult Result { get; } = result;

    public string Source
    {
        get
        {
            var generated = Assert.Single(Result.Results).GeneratedSources;
            return Assert.Single(generated, s => s.HintName == "EmbeddedManifest.g.cs").SourceText.ToString();
        }
    }

    public IReadOnlyList<Diagnostic> Diagnostics => Result.Diagnostics;

    public IEnumerable<string> DiagnosticIds => Result.Diagnostics.Select(d => d.Id);

    /// <summary>The statements of one input file as the parser modelled them, locks included.</summary>
    public IReadOnlyList<StatementModel> StatementsOf(string fileName)
    {
        var parsed = Assert.Single(Result.Results).TrackedSteps[TrackingNames.ParsedFiles]
            .SelectMany(step => step.Outputs)
            .Select(output => output.Value)
            .OfType<ParsedFile>()
            .Single(file => file.FileName == fileName);
        return parsed.Statements.ToList();
    }

    /// <summary>The one diagnostic with <paramref name="id"/>.</summary>
    public Diagnostic Single(string id) => Assert.Single(Result.Diagnostics, d => d.Id == id);

    /// <summary>The input text the diagnostic's location covers.</summary>
    public string TextUnder(Diagnostic diagnostic)
    {
        var path = diagnostic.Location.GetLineSpan().Path;
        var file = Assert.Single(inputs, f => f.Path == path);
        var span = diagnostic.Location.SourceSpan;
        return file.Text.Substring(span.Start, span.Length);
    }

    /// <summary>The text from the diagnostic's location to the end of its file.</summary>
    public string TextFrom(Diagnostic diagnostic)
    {
        var path = diagnostic.Location.GetLineSpan().Path;
        var file = Assert.Single(inputs, f => f.Path == path);
        return file.Text.Substring(diagnostic.Location.SourceSpan.Start);
    }
}
