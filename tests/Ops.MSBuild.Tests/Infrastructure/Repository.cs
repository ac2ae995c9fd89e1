using System.Text.RegularExpressions;
using CocktailDb.Ops.Tests.Harness;

namespace CocktailDb.Ops.MSBuild.Tests.Infrastructure;

/// <summary>Facts about the checked-in migrations, so the tests need no update when one is added.</summary>
public static partial class Repository
{
    /// <summary>The up migrations in migrations/ (NN_migration_*.sql), by file name.</summary>
    public static IReadOnlyList<string> Migrations { get; } =
        Directory.EnumerateFiles(Path.Combine(TestEnvironment.RepoRoot, "migrations"), "*.sql")
            .Select(Path.GetFileName)
            .Where(n => MigrationName().IsMatch(n!))
            .Order(StringComparer.Ordinal)
            .ToList()!;

    [GeneratedRegex(@"^\d+_migration_.+\.sql$")]
    private static partial Regex MigrationName();
}
