using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;

namespace CocktailDb.Ops.Generators.Tests.Infrastructure;

/// <summary>One embedded script as the CLI would see it at run time.</summary>
/// <param name="Facts">Per statement: its StatementFacts as text ("RunsAlone, SessionSetting") and the index a CREATE INDEX CONCURRENTLY builds.</param>
internal sealed record LoadedScript(
    long Version,
    string FileName,
    string? Description,
    string Checksum,
    bool NoTransaction,
    int TransactionControlLine,
    IReadOnlyList<(int Line, string Text, string Lock)> Statements,
    IReadOnlyList<(string Facts, string? IndexTable, string? IndexName)> Facts,
    TimeSpan? LockTimeout,
    TimeSpan? StatementTimeout);

/// <summary>
/// The generated EmbeddedManifest, compiled with the CLI's manifest types, loaded and read
/// back: what the tests assert on is what the binary would contain.
/// </summary>
internal sealed record LoadedManifest(
    string ChecksumAlgorithm,
    string Hash,
    IReadOnlyList<LoadedScript> Migrations,
    IReadOnlyList<LoadedScript> Rollbacks,
    LoadedScript? Schema)
{
    public static LoadedManifest Load(string generatedSource)
    {
        var compilation = GeneratorHarness.CreateCompilationWithRuntimeTypes(generatedSource);
        using var image = new MemoryStream();
        var emitted = compilation.Emit(image);
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));

        image.Position = 0;
        var context = new AssemblyLoadContext("manifest", isCollectible: true);
        try
        {
            var type = context.LoadFromStream(image).GetType("CocktailDb.Ops.Migrations.Manifest.EmbeddedManifest", throwOnError: true)!;
            const BindingFlags Static = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static;
            var schema = type.GetField("Schema", Static)!.GetValue(null);
            return new LoadedManifest(
                (string)type.GetField("ChecksumAlgorithm", Static)!.GetValue(null)!,
                (string)type.GetField("Hash", Static)!.GetValue(null)!,
                ReadScripts((Array)type.GetField("Migrations", Static)!.GetValue(null)!),
                ReadScripts((Array)type.GetField("Rollbacks", Static)!.GetValue(null)!),
                schema is null ? null : ReadScript(schema));
        }
        finally
        {
            context.Unload();
        }
    }

    private static List<LoadedScript> ReadScripts(Array scripts) => scripts.Cast<object>().Select(ReadScript).ToList();

    private static LoadedScript ReadScript(object script)
    {
        var statements = ((Array)Get(script, "Statements")!).Cast<object>().ToList();
        return new LoadedScript(
            (long)Get(script, "Version")!,
            (string)Get(script, "FileName")!,
            (string?)Get(script, "Description"),
            (string)Get(script, "Checksum")!,
            (bool)Get(script, "NoTransaction")!,
            (int)Get(script, "TransactionControlLine")!,
            statements.Select(s => ((int)Get(s, "Line")!, (string)Get(s, "Text")!, (string)Get(s, "Lock")!)).ToList(),
            statements.Select(s => (Get(s, "Facts")!.ToString()!, (string?)Get(Get(s, "Index"), "Table"), (string?)Get(Get(s, "Index"), "Name"))).ToList(),
            (TimeSpan?)Get(script, "LockTimeout"),
            (TimeSpan?)Get(script, "StatementTimeout"));
    }

    private static object? Get(object? instance, string property) =>
        instance?.GetType().GetProperty(property)?.GetValue(instance);
}
