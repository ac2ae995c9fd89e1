using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace CocktailDb.Ops.Generators;

/// <summary>
/// Embeds the migration, rollback and schema files into the CLI as EmbeddedManifest. This
/// class only wires the pipeline; see Parser, ManifestBuilder and Emitter for the work.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class MigrationsGenerator : IIncrementalGenerator
{
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        // Per file, so editing one migration re-parses that file only. The options provider is
        // combined in because the kind arrives as AdditionalFiles metadata.
        var parsedFiles = context.AdditionalTextsProvider
            .Combine(context.AnalyzerConfigOptionsProvider)
            .Select(static (pair, cancellationToken) =>
                Parser.Parse(pair.Left, pair.Right.GetOptions(pair.Left), cancellationToken))
            .WithTrackingName(TrackingNames.ParsedFiles);

        var manifest = parsedFiles
            .Collect()
            .Select(static (files, cancellationToken) => ManifestBuilder.Build(files, cancellationToken))
            .WithTrackingName(TrackingNames.Manifest);

        // Always emits, even with no files: the CLI's half of EmbeddedManifest needs the members.
        context.RegisterSourceOutput(manifest, static (output, model) =>
        {
            foreach (var diagnostic in model.Diagnostics)
            {
                output.ReportDiagnostic(diagnostic.ToDiagnostic());
            }

            output.AddSource(Emitter.HintName, SourceText.From(Emitter.Emit(model), Encoding.UTF8));
        });
    }
}
