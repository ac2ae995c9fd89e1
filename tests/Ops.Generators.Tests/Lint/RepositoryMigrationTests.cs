using CocktailDb.Ops.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;

namespace CocktailDb.Ops.Generators.Tests.Lint;

/// <summary>The lint over real files: this repository's migrations and another project's legacy ones.</summary>
public class RepositoryMigrationTests
{
    private static string RepoRoot
    {
        get
        {
            var directory = new DirectoryInfo(AppContext.BaseDirectory);
            while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "CocktailDb.sln")))
            {
                directory = directory.Parent;
            }

            Assert.NotNull(directory);
            return directory.FullName;
        }
    }

    private static IEnumerable<SqlFile> Files(string folder, string kind) =>
        Directory.Exists(folder)
            ? Directory.GetFiles(folder, "*.sql").Order(StringComparer.Ordinal).Select(path => new SqlFile(path, File.ReadAllText(path), kind))
            : [];

    [Fact]
    public void This_repositorys_migrations_and_schema_have_no_lint_findings()
    {
        var migrations = Path.Combine(RepoRoot, "migrations");
        var schema = Path.Combine(RepoRoot, "infrastructure", "postgres", "schema.sql");

        var output = GeneratorHarness.Run(
            [.. Files(migrations, "migration"), .. Files(Path.Combine(migrations, "rollbacks"), "rollback"), new SqlFile(schema, File.ReadAllText(schema), "schema")]);

        Assert.Empty(output.Diagnostics);
        Assert.Contains(output.StatementsOf("14_migration_lossless_analytics_change_tracking.sql"), s => s.Lock == "ACCESS EXCLUSIVE on analytics_refresh_state");
    }

    [Fact]
    public void A_legacy_projects_files_with_commit_inside_only_warn()
    {
        var migrations = Path.Combine(RepoRoot, "tests", "Ops.Tests", "Fixtures", "legacy-project", "migrations");

        var output = GeneratorHarness.Run([.. Files(migrations, "migration"), .. Files(Path.Combine(migrations, "rollbacks"), "rollback")]);

        Assert.NotEmpty(output.Diagnostics);
        Assert.All(output.Diagnostics, d => Assert.Equal(DiagnosticSeverity.Warning, d.Severity));
    }
}
