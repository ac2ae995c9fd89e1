using CocktailDb.Ops.Tests.Harness;

namespace CocktailDb.Ops.Tests.Migrations;

/// <summary>
/// CREATE INDEX CONCURRENTLY on a table outside search_path (live-site 7-9 and 11): what an
/// interrupted build leaves is found in the table's schema, and every build is checked after.
/// </summary>
[Collection(LiveSitePostgresCollection.Name)]
public sealed class ConcurrentIndexTests(PostgresServer server)
{
    private const string VisitsIndexes = "SELECT count(*) FROM pg_index WHERE indrelid = 'reports.visits'::regclass AND NOT indisprimary";

    [Fact]
    public async Task A_named_index_an_interrupted_build_left_invalid_in_another_schema_is_rebuilt_by_the_rerun()
    {
        var db = await WithInterruptedIndexBuildAsync(9);

        Assert.False(await db.ScalarAsync<bool>("SELECT indisvalid FROM pg_index WHERE indexrelid = 'reports.visits_what_idx'::regclass"));

        var rerun = await LiveSiteProject.RunAsync(db, "migrate", "--target", "9");

        Assert.True(rerun.ExitCode == 0, rerun.ToString());
        Assert.Contains("dropping the invalid index reports.visits_what_idx", rerun.StdOut);
        Assert.True(await db.ScalarAsync<bool>("SELECT indisvalid FROM pg_index WHERE indexrelid = 'reports.visits_what_idx'::regclass"));
        Assert.Equal(1L, await db.ScalarAsync<long>("SELECT count(*) FROM schema_migrations WHERE filename = '9_index_in_another_schema.sql'"));
    }

    [Fact]
    public async Task An_unnamed_build_is_not_run_again_next_to_the_invalid_index_an_interrupted_one_left()
    {
        var db = await WithInterruptedIndexBuildAsync(8);

        var rerun = await LiveSiteProject.RunAsync(db, "migrate", "--target", "8");

        Assert.True(rerun.ExitCode == 1, rerun.ToString());
        Assert.Contains("8_index_without_a_name.sql, statement 1 of 1 (line 3): \"reports\".\"visits\" has the invalid index reports.visits_at_idx", rerun.StdErr);
        Assert.Contains("DROP INDEX CONCURRENTLY reports.visits_at_idx;", rerun.StdErr);
        Assert.Equal(1L, await db.ScalarAsync<long>(VisitsIndexes));
        Assert.Equal(0L, await db.ScalarAsync<long>("SELECT count(*) FROM schema_migrations WHERE filename LIKE '8_%'"));
    }

    [Fact]
    public async Task A_build_that_IF_NOT_EXISTS_skipped_leaving_no_such_index_fails_the_file()
    {
        var db = await server.CreateDatabaseAsync();
        Assert.Equal(0, (await LiveSiteProject.RunAsync(db, "migrate", "--target", "10")).ExitCode);

        var result = await LiveSiteProject.RunAsync(db, "migrate", "--target", "11");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("11_index_name_taken.sql, statement 1 of 1 (line 3): it finished, but \"reports\".\"visits\" has no index visits", result.StdErr);
        Assert.Contains("no statement of it has run, and the file is not recorded", result.StdErr);
        Assert.Equal(0L, await db.ScalarAsync<long>("SELECT count(*) FROM schema_migrations WHERE filename LIKE '11_%'"));
    }

    /// <summary>
    /// A database migrated up to the migration before <paramref name="version"/>, whose index
    /// build in <paramref name="version"/> then timed out waiting for an old snapshot: what an
    /// interrupted CREATE INDEX CONCURRENTLY leaves, an invalid index.
    /// </summary>
    private async Task<TestDatabase> WithInterruptedIndexBuildAsync(int version)
    {
        var db = await server.CreateDatabaseAsync();
        Assert.Equal(0, (await LiveSiteProject.RunAsync(db, "migrate", "--target", $"{version - 1}")).ExitCode);
        await using var snapshot = await LiveSiteProject.OpenOldSnapshotAsync(db);
        var stopped = await LiveSiteProject.RunAsync(db, "migrate", "--target", $"{version}", "--ddl-lock-timeout", "500ms");
        Assert.True(stopped.ExitCode == 8, stopped.ToString());
        return db;
    }
}
