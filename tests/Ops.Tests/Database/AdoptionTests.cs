using CocktailDb.Ops.Tests.Harness;

namespace CocktailDb.Ops.Tests.Database;

/// <summary>
/// A database built from a schema file of its own (its tables, no ledger): migrate refuses it,
/// and the refusal names the baseline that adopts it, judged from what the database already has.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class AdoptionTests(PostgresServer server)
{
    [Fact]
    public async Task A_database_with_the_core_tables_and_migration_9s_objects_is_adopted_by_the_baseline_the_refusal_names()
    {
        // What CocktailDB's own schema.sql builds: the core tables and what 09 added.
        var db = await server.CreateDatabaseAsync();
        await db.ExecuteAsync(RepositoryFiles.CoreSchemaSql);
        await db.ExecuteAsync(RepositoryFiles.Migration("09_migration_add_analytics_refresh_state.sql"));

        var refused = await OpsBinary.RunAsync(db.Environment(), "migrate");
        var wrongGuess = await OpsBinary.RunAsync(db.Environment(), "baseline", "--version", "13");

        Assert.Equal(6, refused.ExitCode);
        Assert.Contains("it already has what 09_migration_add_analytics_refresh_state.sql creates and not what 14_migration_lossless_analytics_change_tracking.sql creates (analytics_changes, ", refused.StdErr);
        Assert.Contains("'cocktaildb-ops baseline --version 9'", refused.StdErr);
        Assert.Equal(2, wrongGuess.ExitCode);
        Assert.Contains("'cocktaildb-ops baseline --version 9'", wrongGuess.StdErr);

        var baseline = await OpsBinary.RunAsync(db.Environment(), "baseline", "--version", "9");
        var migrate = await OpsBinary.RunAsync(db.Environment(), "migrate");

        Assert.True(baseline.ExitCode == 0, baseline.ToString());
        Assert.True(migrate.ExitCode == 0, migrate.ToString());
        Assert.Contains("applied 14_migration_lossless_analytics_change_tracking.sql", migrate.StdOut);
        Assert.Equal(0, (await OpsBinary.RunAsync(db.Environment(), "status")).ExitCode);
    }

    [Fact]
    public async Task A_database_older_than_every_embedded_migration_is_adopted_with_a_baseline_below_the_first()
    {
        var db = await server.CreateDatabaseAsync();
        await db.ExecuteAsync(RepositoryFiles.CoreSchemaSql);

        var refused = await OpsBinary.RunAsync(db.Environment(), "status");

        Assert.Equal(6, refused.ExitCode);
        Assert.Contains("it has none of what the embedded migrations create", refused.StdErr);
        Assert.Contains("'cocktaildb-ops baseline --version 8'", refused.StdErr);

        var baseline = await OpsBinary.RunAsync(db.Environment(), "baseline", "--version", "8");
        var migrate = await OpsBinary.RunAsync(db.Environment(), "migrate");

        Assert.True(baseline.ExitCode == 0, baseline.ToString());
        Assert.Contains("recorded 0 migrations", baseline.StdOut);
        Assert.True(migrate.ExitCode == 0, migrate.ToString());
        Assert.Contains("applied 09_migration_add_analytics_refresh_state.sql", migrate.StdOut);
    }

    [Fact]
    public async Task A_database_built_from_this_repositorys_schema_file_is_adopted_up_to_its_schema_version()
    {
        var db = await server.CreateDatabaseAsync();
        await db.ExecuteAsync(RepositoryFiles.SchemaSql);

        var refused = await OpsBinary.RunAsync(db.Environment(), "verify");

        Assert.Equal(6, refused.ExitCode);
        Assert.Contains($"'cocktaildb-ops baseline --version {RepositoryFiles.SchemaVersion}'", refused.StdErr);
    }
}
