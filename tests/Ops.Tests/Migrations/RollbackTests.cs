using CocktailDb.Ops.Tests.Harness;

namespace CocktailDb.Ops.Tests.Migrations;

/// <summary>`rollback` undoes only the newest applied migration, with its ledger row.</summary>
[Collection(ScenarioPostgresCollection.Name)]
public sealed class RollbackTests(PostgresServer server)
{
    [Fact]
    public async Task Rollback_of_the_newest_migration_runs_its_script_and_removes_its_ledger_row_together()
    {
        var db = await server.CreateDatabaseAsync();
        Assert.Equal(0, (await ScenarioProject.RunAsync(db, "migrate", "--target", "4")).ExitCode);

        var result = await ScenarioProject.RunAsync(db, "rollback", "--version", "4");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(0L, await db.ScalarAsync<long>("SELECT count(*) FROM pg_constraint WHERE conname = 'items_name_not_blank'"));
        Assert.Equal(0L, await db.ScalarAsync<long>("SELECT count(*) FROM items WHERE id = 40"));
        Assert.Equal(0L, await db.ScalarAsync<long>("SELECT count(*) FROM schema_migrations WHERE filename LIKE '4_%'"));
        Assert.Equal(0, (await ScenarioProject.RunAsync(db, "migrate", "--target", "4")).ExitCode); // and it can be re-applied
        Assert.Equal(1L, await db.ScalarAsync<long>("SELECT count(*) FROM items WHERE id = 40"));
    }

    [Fact]
    public async Task Rollback_refuses_anything_but_the_newest_applied_migration()
    {
        var db = await server.CreateDatabaseAsync();
        Assert.Equal(0, (await ScenarioProject.RunAsync(db, "migrate")).ExitCode);

        var result = await ScenarioProject.RunAsync(db, "rollback", "--version", "4");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("only the newest applied migration can be rolled back; that is 5", result.StdErr);
        Assert.Equal(1L, await db.ScalarAsync<long>("SELECT count(*) FROM pg_constraint WHERE conname = 'items_name_not_blank'"));
    }

    [Fact]
    public async Task Rollback_refuses_a_migration_without_a_rollback_script()
    {
        var db = await server.CreateDatabaseAsync();
        Assert.Equal(0, (await ScenarioProject.RunAsync(db, "migrate", "--target", "3")).ExitCode);

        var result = await ScenarioProject.RunAsync(db, "rollback", "--version", "3");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("no rollback script for version 3", result.StdErr);
        Assert.Equal(1L, await db.ScalarAsync<long>("SELECT count(*) FROM schema_migrations WHERE filename LIKE '3_%'"));
    }
}
