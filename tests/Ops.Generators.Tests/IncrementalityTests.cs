using System.Collections;
using CocktailDb.Ops.Generators.Models;
using CocktailDb.Ops.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using static CocktailDb.Ops.Generators.Tests.Infrastructure.SqlFile;

namespace CocktailDb.Ops.Generators.Tests;

public class IncrementalityTests
{
    private static readonly string[] TrackedNames = [TrackingNames.ParsedFiles, TrackingNames.Manifest];

    private static readonly SqlFile[] Files =
    [
        Migration("01_migration_a.sql", "CREATE TABLE a (id int);\n"),
        Migration("02_migration_b.sql", "CREATE TABLE b (id int);\n"),
        Rollback("02_rollback_b.sql", "DROP TABLE b;\n"),
        Schema("-- schema-version: 2\nCREATE TABLE a (id int);\nCREATE TABLE b (id int);\n"),
        Migration("README.md", "not sql"),
    ];

    [Fact]
    public void Running_again_after_an_unrelated_code_change_reuses_every_tracked_step()
    {
        var compilation = GeneratorHarness.CreateCompilation();
        var driver = GeneratorHarness.CreateDriver(Files).RunGenerators(compilation);

        var unrelated = CSharpSyntaxTree.ParseText("internal static class Unrelated { }", GeneratorHarness.ParseOptions);
        var second = driver.RunGenerators(compilation.AddSyntaxTrees(unrelated)).GetRunResult().Results.Single();

        foreach (var name in TrackedNames)
        {
            var outputs = second.TrackedSteps[name].SelectMany(step => step.Outputs).ToList();
            Assert.NotEmpty(outputs);
            Assert.All(outputs, output => Assert.Contains(output.Reason, new[] { IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged }));
        }

        Assert.All(
            second.TrackedOutputSteps.SelectMany(step => step.Value).SelectMany(step => step.Outputs),
            output => Assert.Equal(IncrementalStepRunReason.Cached, output.Reason));
    }

    [Fact]
    public void Running_again_with_the_same_inputs_reuses_every_tracked_step()
    {
        var compilation = GeneratorHarness.CreateCompilation();
        var driver = GeneratorHarness.CreateDriver(Files).RunGenerators(compilation);
        var second = driver.RunGenerators(compilation).GetRunResult().Results.Single();

        foreach (var name in TrackedNames)
        {
            Assert.All(
                second.TrackedSteps[name].SelectMany(step => step.Outputs),
                output => Assert.Contains(output.Reason, new[] { IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged }));
        }
    }

    [Fact]
    public void Editing_one_file_reparses_only_that_file()
    {
        var compilation = GeneratorHarness.CreateCompilation();
        var driver = GeneratorHarness.CreateDriver(Files, out var texts).RunGenerators(compilation);

        var edited = texts[1];
        driver = driver.ReplaceAdditionalText(edited, new InMemoryAdditionalText(edited.Path, "CREATE TABLE b (id bigint);\n"));
        var second = driver.RunGenerators(compilation).GetRunResult().Results.Single();

        var parsed = second.TrackedSteps[TrackingNames.ParsedFiles].SelectMany(step => step.Outputs).ToList();
        Assert.Equal(Files.Length, parsed.Count);
        foreach (var (value, reason) in parsed)
        {
            if (value is ParsedFile file && file.Path == edited.Path)
            {
                Assert.Equal(IncrementalStepRunReason.Modified, reason);
            }
            else
            {
                Assert.Contains(reason, new[] { IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged });
            }
        }

        var manifest = Assert.Single(second.TrackedSteps[TrackingNames.Manifest].SelectMany(step => step.Outputs));
        Assert.Equal(IncrementalStepRunReason.Modified, manifest.Reason);
    }

    [Fact]
    public void Re_reading_a_file_with_the_same_text_yields_an_equal_model_and_an_unchanged_manifest()
    {
        var compilation = GeneratorHarness.CreateCompilation();
        var driver = GeneratorHarness.CreateDriver(Files, out var texts).RunGenerators(compilation);

        // A new AdditionalText object with the same content: the file is parsed again, and only
        // value equality of the model keeps the manifest from being rebuilt.
        var touched = texts[0];
        driver = driver.ReplaceAdditionalText(touched, new InMemoryAdditionalText(touched.Path, touched.GetText()!.ToString()));
        var second = driver.RunGenerators(compilation).GetRunResult().Results.Single();

        var reparsed = Assert.Single(
            second.TrackedSteps[TrackingNames.ParsedFiles].SelectMany(step => step.Outputs),
            output => output.Value is ParsedFile file && file.Path == touched.Path);
        Assert.Equal(IncrementalStepRunReason.Unchanged, reparsed.Reason);
        var manifest = Assert.Single(second.TrackedSteps[TrackingNames.Manifest].SelectMany(step => step.Outputs));
        Assert.Equal(IncrementalStepRunReason.Cached, manifest.Reason);
    }

    [Fact]
    public void Editing_only_a_file_that_is_not_sql_changes_no_model()
    {
        var compilation = GeneratorHarness.CreateCompilation();
        var driver = GeneratorHarness.CreateDriver(Files, out var texts).RunGenerators(compilation);

        var readme = texts[^1];
        driver = driver.ReplaceAdditionalText(readme, new InMemoryAdditionalText(readme.Path, "still not sql"));
        var second = driver.RunGenerators(compilation).GetRunResult().Results.Single();

        var manifest = Assert.Single(second.TrackedSteps[TrackingNames.Manifest].SelectMany(step => step.Outputs));
        Assert.Contains(manifest.Reason, new[] { IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged });
    }

    [Fact]
    public void No_tracked_model_holds_a_symbol_syntax_node_or_compilation()
    {
        var result = GeneratorHarness.CreateDriver(Files)
            .RunGenerators(GeneratorHarness.CreateCompilation())
            .GetRunResult()
            .Results.Single();

        foreach (var name in TrackedNames)
        {
            var values = result.TrackedSteps[name].SelectMany(step => step.Outputs).Select(output => output.Value).ToList();
            Assert.NotEmpty(values);
            var seen = new HashSet<object>(ReferenceEqualityComparer.Instance);
            foreach (var value in values)
            {
                AssertPlainValue(value, name, seen);
            }
        }
    }

    /// <summary>
    /// Walks every field and element. Roslyn's own objects (symbols, syntax, compilations, even
    /// Location) keep whole compilations alive and defeat caching, so the only Roslyn types a
    /// model may hold are the plain text structs (TextSpan, LinePositionSpan).
    /// </summary>
    private static void AssertPlainValue(object? value, string path, HashSet<object> seen)
    {
        if (value is null)
        {
            return;
        }

        var type = value.GetType();
        Assert.False(value is ISymbol or SyntaxNode or SyntaxTree or Compilation or SemanticModel, $"{path} is a {type}");
        Assert.False(
            type.Namespace?.StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal) == true
                && !(type.IsValueType && type.Namespace == "Microsoft.CodeAnalysis.Text"),
            $"{path} is a Roslyn object ({type})");

        if (type.IsPrimitive || type.IsEnum || value is string || (!type.IsValueType && !seen.Add(value)))
        {
            return;
        }

        if (value is IEnumerable items)
        {
            var index = 0;
            foreach (var item in items)
            {
                AssertPlainValue(item, $"{path}[{index++}]", seen);
            }
        }

        foreach (var field in type.GetFields(System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.NonPublic))
        {
            AssertPlainValue(field.GetValue(value), path + "." + field.Name, seen);
        }
    }
}
