using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace CocktailDb.Ops.Generators.Tests.Infrastructure;

/// <summary>Runs MigrationsGenerator the way the compiler does, in memory.</summary>
internal static class GeneratorHarness
{
    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    private static readonly Lazy<ImmutableArray<MetadataReference>> References = new(() =>
        ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator)
            .Where(path => !string.IsNullOrEmpty(path))
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
            .ToImmutableArray());

    /// <summary>Runs the generator once over <paramref name="files"/>.</summary>
    public static GeneratorOutput Run(params SqlFile[] files)
    {
        var driver = CreateDriver(files).RunGenerators(CreateCompilation());
        return new GeneratorOutput(driver.GetRunResult(), files);
    }

    /// <summary>A driver with step tracking on, so tests can look at what was cached.</summary>
    public static GeneratorDriver CreateDriver(IEnumerable<SqlFile> files) => CreateDriver(files, out _);

    /// <summary>As above, handing back the AdditionalTexts so a test can replace one.</summary>
    public static GeneratorDriver CreateDriver(IEnumerable<SqlFile> files, out AdditionalText[] texts)
    {
        var list = files.ToList();
        var kinds = list.Where(f => f.Kind is not null).ToDictionary(f => f.Path, f => f.Kind!);
        texts = list.Select(ToAdditionalText).ToArray();
        return CSharpGeneratorDriver.Create(
            generators: [new MigrationsGenerator().AsSourceGenerator()],
            additionalTexts: texts,
            parseOptions: ParseOptions,
            optionsProvider: new TestOptionsProvider(kinds),
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));
    }

    public static AdditionalText ToAdditionalText(SqlFile file) => new InMemoryAdditionalText(file.Path, file.Text);

    /// <summary>The compilation the generator runs against; its content does not matter to it.</summary>
    public static CSharpCompilation CreateCompilation(params SyntaxTree[] trees) =>
        CSharpCompilation.Create(
            "GeneratorInput",
            trees.Length > 0 ? trees : [CSharpSyntaxTree.ParseText("internal static class Placeholder { }", ParseOptions)],
            References.Value,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

    /// <summary>
    /// Compiles generated source with the CLI's real manifest types (src/Ops.Aot/Migrations/Manifest,
    /// copied next to the test assembly) and returns the compiler's diagnostics.
    /// </summary>
    public static ImmutableArray<Diagnostic> CompileWithRuntimeTypes(string generatedSource) =>
        CreateCompilationWithRuntimeTypes(generatedSource).GetDiagnostics();

    public static CSharpCompilation CreateCompilationWithRuntimeTypes(string generatedSource)
    {
        var runtimeDirectory = Path.Combine(AppContext.BaseDirectory, "RuntimeTypes");
        var trees = Directory.GetFiles(runtimeDirectory, "*.cs")
            .Order(StringComparer.Ordinal)
            .Select(path => CSharpSyntaxTree.ParseText(File.ReadAllText(path), ParseOptions, path))
            .ToList();
        Assert.NotEmpty(trees);

        // Ops.Aot compiles with ImplicitUsings; the manifest types rely on it.
        trees.Add(CSharpSyntaxTree.ParseText("global using System;", ParseOptions, "ImplicitUsings.cs"));
        trees.Add(CSharpSyntaxTree.ParseText(generatedSource, ParseOptions, "EmbeddedManifest.g.cs"));
        return CreateCompilation([.. trees]);
    }
}
