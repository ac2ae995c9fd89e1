using CocktailDb.Ops.MSBuild.Tests.Infrastructure;
using CocktailDb.Ops.Tests.Harness;

namespace CocktailDb.Ops.MSBuild.Tests.Targets;

[Collection(RepositoryBuildCollection.Name)]
public sealed class LocalMigrateTests(PostgresServer server)
{
    [Fact]
    public async Task Env_local_migrates_the_database_in_DB_variables_and_a_second_run_has_nothing_to_do()
    {
        var db = await server.CreateDatabaseAsync();

        var first = await RepositoryBuild.RunAsync("Migrate", ["Env=local"], db.Environment());
        var second = await RepositoryBuild.RunAsync("Migrate", ["Env=local"], db.Environment());

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Contains("against the DB_* environment variables", first.StdOut);
        Assert.Contains("[local] empty database: installed schema.sql", first.StdOut);
        Assert.Equal(RepositoryFiles.Migrations.Count, await db.ScalarAsync<long>("SELECT count(*) FROM schema_migrations"));
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Contains($"[local] applied 0, skipped {RepositoryFiles.Migrations.Count} already applied", second.StdOut);
        // The binary was not published again: the incremental publish left it as it was.
        Assert.Contains("cocktaildb-ops for linux-x64 is up to date: ", second.StdOut);
        Assert.DoesNotContain(PostgresServer.Password, first.Output + second.Output);
    }

    [Fact]
    public async Task A_failing_local_migrate_fails_the_build_with_the_code_for_its_exit_code()
    {
        var db = await server.CreateDatabaseAsync();
        await db.ExecuteAsync("CREATE TABLE leftover (id int)");

        var result = await RepositoryBuild.RunAsync("Migrate", ["Env=local", "DryRun=true"], db.Environment());

        // Tables but no ledger: the CLI refuses with exit 6; the build error says so in the tool's words.
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains($"error OPSB2006: database configuration missing or invalid on the local database (exit 6): database {db.Name} has tables (public.leftover) but no schema_migrations ledger", result.StdOut);
        // It has nothing any migration creates: adopting it means a baseline below the first one.
        var first = long.Parse(RepositoryFiles.Migrations[0].Split('_')[0], System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains($"'cocktaildb-ops baseline --version {first - 1}'", result.StdOut);
        Assert.DoesNotContain("MSB4018", result.Output);
    }

    [Fact]
    public async Task An_unknown_environment_fails_the_build_at_environments_props_listing_the_known_ones()
    {
        var result = await RepositoryBuild.RunAsync("Migrate", ["Env=staging"]);

        Assert.NotEqual(0, result.ExitCode);
        // At the first environment in the file, so an IDE or CI annotation opens it where one is added.
        var file = Path.Combine(TestEnvironment.RepoRoot, "src", "Ops.MSBuild", "build", "environments.props");
        var line = File.ReadLines(file).Select((text, i) => (text, i)).First(l => l.text.Contains("<CocktailDbEnvironment", StringComparison.Ordinal)).i + 1;
        Assert.Contains($"{file}({line}): error OPSB1002: unknown environment 'staging'; known environments: local, dev, prod.", result.StdOut);
        Assert.DoesNotContain("publishing cocktaildb-ops", result.StdOut);
    }
}
