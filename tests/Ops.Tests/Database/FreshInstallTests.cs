using CocktailDb.Ops.Tests.Harness;

namespace CocktailDb.Ops.Tests.Database;

[Collection(PostgresCollection.Name)]
public sealed class FreshInstallTests(PostgresServer server)
{
    [Fact]
    public async Task An_empty_database_gets_the_embedded_schema_and_baselined_ledger_and_a_second_run_does_nothing()
    {
        var db = await server.CreateDatabaseAsync();

        var first = await OpsBinary.RunAsync(db.Environment(), "migrate");
        var second = await OpsBinary.RunAsync(db.Environment(), "migrate");
        var status = await OpsBinary.RunAsync(db.Environment(), "status");

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Contains("installed schema.sql (schema version", first.StdOut);
        foreach (var table in new[] { "units", "ingredients", "recipes", "recipe_ingredients", "ratings", "tags", "recipe_tags", "user_ingredients", "analytics_changes", "analytics_refresh_runs" })
        {
            Assert.Equal(1L, await db.ScalarAsync<long>($"SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tablename = '{table}'"));
        }

        Assert.Equal(1L, await db.ScalarAsync<long>("SELECT count(*) FROM analytics_refresh_state")); // 09's table, now a view

        Assert.Equal("schema", await db.ScalarAsync<string>("SELECT method FROM schema_migrations WHERE filename = '09_migration_add_analytics_refresh_state.sql'"));
        Assert.Equal(0, second.ExitCode);
        Assert.Contains("applied 0,", second.StdOut);
        Assert.DoesNotContain("installed", second.StdOut);
        Assert.Equal(0, status.ExitCode);
        Assert.Contains("up to date", status.StdOut);
    }

    [Fact]
    public async Task A_database_with_tables_but_no_ledger_is_refused_with_baseline_advice_and_left_alone()
    {
        var db = await server.CreateDatabaseAsync();
        await db.ExecuteAsync("CREATE TABLE recipes (id int PRIMARY KEY, name text); INSERT INTO recipes VALUES (1, 'Negroni');");

        var migrate = await OpsBinary.RunAsync(db.Environment(), "migrate");
        var status = await OpsBinary.RunAsync(db.Environment(), "status");

        Assert.Equal(6, migrate.ExitCode);
        Assert.Contains("public.recipes", migrate.StdErr);
        Assert.Contains("cocktaildb-ops baseline --version", migrate.StdErr);
        Assert.Equal(6, status.ExitCode);
        Assert.Equal(1L, await db.ScalarAsync<long>("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"));
        Assert.Equal("Negroni", await db.ScalarAsync<string>("SELECT name FROM recipes"));
    }

    [Fact]
    public async Task A_target_below_the_schema_version_on_an_empty_database_is_refused_and_nothing_is_installed()
    {
        var db = await server.CreateDatabaseAsync();

        var migrate = await OpsBinary.RunAsync(db.Environment(), "migrate", "--target", "14");
        var dryRun = await OpsBinary.RunAsync(db.Environment(), "migrate", "--target", "14", "--dry-run");

        Assert.True(migrate.ExitCode == 2, migrate.ToString());
        Assert.Contains("--target 14 cannot be met", migrate.StdErr);
        Assert.Contains($"already contains the migrations up to {RepositoryFiles.SchemaVersion}", migrate.StdErr);
        Assert.Equal(2, dryRun.ExitCode);
        Assert.Equal(0L, await db.ScalarAsync<long>("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"));
    }

    [Fact]
    public async Task A_dry_run_on_an_empty_database_says_it_would_install_the_schema_file()
    {
        var db = await server.CreateDatabaseAsync();

        var dryRun = await OpsBinary.RunAsync(db.Environment(), "migrate", "--dry-run");

        Assert.True(dryRun.ExitCode == 0, dryRun.ToString());
        Assert.Contains($"empty database: would install schema.sql (schema version {RepositoryFiles.SchemaVersion}) and record the migrations up to {RepositoryFiles.SchemaVersion} as contained in it", dryRun.StdOut);
        Assert.Contains("would apply 0,", dryRun.StdOut);
        Assert.Equal(0L, await db.ScalarAsync<long>("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"));
    }
}
