using CocktailDb.Ops.Tests.Harness;

namespace CocktailDb.Ops.Tests.Database;

/// <summary>Production's ledger was made by the old bash runner; it is adopted, never replaced.</summary>
[Collection(PostgresCollection.Name)]
public sealed class LedgerAdoptionTests(PostgresServer server)
{
    private static readonly string[] ProductionFiles =
    [
        "01_migration_initial.sql", "02_migration_add_tags.sql", "03_migration_add_ratings.sql", "04_migration_add_units.sql",
        "05_migration_add_user_ingredients.sql", "06_migration_add_recipe_tags.sql", "07_migration_add_paths.sql",
        "08_migration_add_private_tags.sql", "09_migration_add_analytics_refresh_state.sql", "10_migration_add_source_url.sql",
        "11_migration_add_rating_count.sql", "12_migration_add_indexes.sql", "13_migration_add_substitution.sql",
    ];

    /// <summary>
    /// A database as production has it: the core schema, migration 09 applied by hand, and the
    /// old runner's two-column ledger with rows 01..13.
    /// </summary>
    internal static async Task<TestDatabase> CreateProductionLikeAsync(PostgresServer server)
    {
        var db = await server.CreateDatabaseAsync();
        await db.ExecuteAsync(RepositoryFiles.CoreSchemaSql);
        await db.ExecuteAsync(RepositoryFiles.Migration("09_migration_add_analytics_refresh_state.sql"));
        await db.ExecuteAsync("CREATE TABLE schema_migrations (filename TEXT PRIMARY KEY, applied_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP)");
        foreach (var file in ProductionFiles)
        {
            await db.ExecuteAsync($"INSERT INTO schema_migrations (filename, applied_at) VALUES ('{file}', '2025-12-23 10:00:00')");
        }

        return db;
    }

    [Fact]
    public async Task The_old_runners_ledger_is_adopted_in_place_and_only_newer_migrations_are_applied()
    {
        var db = await CreateProductionLikeAsync(server);
        var env = db.Environment();

        var migrate = await OpsBinary.RunAsync(env, "migrate");
        var status = await OpsBinary.RunAsync(env, "status");

        Assert.True(migrate.ExitCode == 0, migrate.ToString());
        Assert.Contains("applied 14_migration_lossless_analytics_change_tracking.sql", migrate.StdOut);
        Assert.Contains("applied 15_migration_analytics_tracking_for_every_writer_and_systemd_runs.sql", migrate.StdOut);
        Assert.Contains("applied 16_migration_analytics_inserts_noted_per_statement.sql", migrate.StdOut);
        Assert.Contains("applied 17_migration_analytics_changes_noted_per_statement.sql", migrate.StdOut);
        Assert.Contains("applied 4, skipped 1", migrate.StdOut); // 09 is recognised by its legacy row and not re-run
        Assert.Equal(17L, await db.ScalarAsync<long>("SELECT count(*) FROM schema_migrations"));
        Assert.Equal(13L, await db.ScalarAsync<long>("SELECT count(*) FROM schema_migrations WHERE method = 'legacy' AND applied_at = '2025-12-23 10:00:00'"));
        Assert.Equal("applied", await db.ScalarAsync<string>("SELECT method FROM schema_migrations WHERE filename LIKE '14_%'"));
        Assert.Equal(0, status.ExitCode);
        Assert.Matches(@"\n\s+9\s+applied \(no checksum\)\s+2025-12-23 10:00:00\s+09_migration_add_analytics_refresh_state\.sql", status.StdOut);
        Assert.Matches(@"\n\s+13\s+applied \(not in this binary\)", status.StdOut);
    }

    [Fact]
    public async Task The_old_runner_can_still_read_and_write_the_adopted_ledger()
    {
        var db = await CreateProductionLikeAsync(server);
        Assert.Equal(0, (await OpsBinary.RunAsync(db.Environment(), "migrate")).ExitCode);

        // Exactly the old run-migrations.sh queries.
        Assert.Equal(1, await db.ScalarAsync<int>("SELECT 1 FROM schema_migrations WHERE filename = '09_migration_add_analytics_refresh_state.sql';"));
        await db.ExecuteAsync("INSERT INTO schema_migrations (filename) VALUES ('15_migration_by_old_script.sql');");
        Assert.Equal("legacy", await db.ScalarAsync<string>("SELECT method FROM schema_migrations WHERE filename = '15_migration_by_old_script.sql'"));
    }

    [Fact]
    public async Task Baseline_records_the_checksums_of_legacy_rows_on_purpose()
    {
        var db = await CreateProductionLikeAsync(server);
        var env = db.Environment();

        var baseline = await OpsBinary.RunAsync(env, "baseline", "--version", "9");
        var verify = await OpsBinary.RunAsync(env, "verify");

        Assert.True(baseline.ExitCode == 0, baseline.ToString());
        Assert.Contains("recorded checksums of 1 legacy rows", baseline.StdOut);
        Assert.Equal(64, (await db.ScalarAsync<string>("SELECT checksum FROM schema_migrations WHERE filename LIKE '09_%'")).Length);
        Assert.Equal(0, verify.ExitCode);
        Assert.Contains("ok       09_migration_add_analytics_refresh_state.sql", verify.StdOut);
    }

    [Fact]
    public async Task Baseline_refuses_a_version_the_binary_does_not_carry_and_an_empty_database()
    {
        var db = await server.CreateDatabaseAsync();

        var unknown = await OpsBinary.RunAsync(db.Environment(), "baseline", "--version", "77");
        var empty = await OpsBinary.RunAsync(db.Environment(), "baseline", "--version", "9");

        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("77 is not a migration this binary carries", unknown.StdErr);
        Assert.Equal(1, empty.ExitCode);
        Assert.Contains("is empty", empty.StdErr);
        Assert.Equal(0L, await db.ScalarAsync<long>("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"));
    }
}
