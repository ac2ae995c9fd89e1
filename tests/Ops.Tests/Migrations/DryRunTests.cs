using System.Text.Json;
using CocktailDb.Ops.Tests.Harness;

namespace CocktailDb.Ops.Tests.Migrations;

[Collection(ScenarioPostgresCollection.Name)]
public sealed class DryRunTests(PostgresServer server)
{
    [Fact]
    public async Task A_dry_run_lists_what_would_run_with_transaction_mode_and_changes_nothing()
    {
        var db = await server.CreateDatabaseAsync();

        var result = await ScenarioProject.RunAsync(db, "migrate", "--dry-run", "--show-sql");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("would apply 2_slow_insert.sql (one transaction, 3 statements)", result.StdOut);
        Assert.Contains("would apply 3_index_concurrently.sql (no transaction, 3 statements)", result.StdOut);
        Assert.Contains("CREATE UNIQUE INDEX CONCURRENTLY items_upper_name_key ON items (upper(name));", result.StdOut);
        Assert.DoesNotContain("1_create_items.sql", result.StdOut); // contained in schema.sql
        Assert.Equal(0L, await db.ScalarAsync<long>("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"));
    }

    [Fact]
    public async Task Migrate_with_a_target_stops_there_and_json_reports_what_was_applied()
    {
        var db = await server.CreateDatabaseAsync();

        var result = await ScenarioProject.RunAsync(db, "migrate", "--target", "3", "--json");

        Assert.Equal(0, result.ExitCode);
        using var doc = JsonDocument.Parse(result.StdOut);
        var applied = doc.RootElement.GetProperty("applied").EnumerateArray().Select(m => m.GetProperty("version").GetInt64()).ToArray();
        Assert.Equal([2L, 3L], applied);
        Assert.True(doc.RootElement.GetProperty("installedSchema").GetBoolean());
        var status = await ScenarioProject.RunAsync(db, "status", "--json");
        Assert.Equal(7, status.ExitCode); // 4 and 5 pending
        using var statusDoc = JsonDocument.Parse(status.StdOut);
        Assert.Equal(2, statusDoc.RootElement.GetProperty("pending").GetInt32());
    }
}
