using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CocktailDb.Ops.Tests.Harness;

namespace CocktailDb.Ops.Tests.Migrations;

/// <summary>Applied migrations must not change; the database must not be ahead of the binary.</summary>
[Collection(ScenarioPostgresCollection.Name)]
public sealed class DriftTests(PostgresServer server)
{
    private const string Edited = "0000000000000000000000000000000000000000000000000000000000000000";

    [Fact]
    public async Task An_edited_applied_migration_makes_migrate_refuse_before_applying_anything()
    {
        var db = await server.CreateDatabaseAsync();
        Assert.Equal(0, (await ScenarioProject.RunAsync(db, "migrate", "--target", "2")).ExitCode);
        // The ledger remembers another text for 2 than the one now embedded: the file was edited.
        await db.ExecuteAsync($"UPDATE schema_migrations SET checksum = '{Edited}' WHERE filename = '2_slow_insert.sql'");

        var migrate = await ScenarioProject.RunAsync(db, "migrate");
        var verify = await ScenarioProject.RunAsync(db, "verify");
        var status = await ScenarioProject.RunAsync(db, "status");

        Assert.Equal(3, migrate.ExitCode);
        Assert.Contains("2_slow_insert.sql: applied " + Edited, migrate.StdErr);
        Assert.Equal(0L, await db.ScalarAsync<long>("SELECT count(*) FROM schema_migrations WHERE filename LIKE '3_%'"));
        Assert.Equal(3, verify.ExitCode);
        Assert.Contains("DRIFT    2_slow_insert.sql: applied " + Edited, verify.StdOut);
        Assert.Equal(3, status.ExitCode);
        Assert.Contains("DRIFTED", status.StdOut);
    }

    [Fact]
    public async Task A_crlf_and_bom_encoded_file_hashes_as_its_lf_text_and_is_not_drift()
    {
        var db = await server.CreateDatabaseAsync();
        var raw = await File.ReadAllTextAsync(Path.Combine(ScenarioProject.Folder, "migrations", "5_crlf_bom.sql"));
        Assert.Contains("\r\n", raw); // the fixture really is CRLF on disk
        var lf = raw.TrimStart('\uFEFF').Replace("\r\n", "\n");
        var expected = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(lf)));

        var list = await ScenarioProject.RunAsync(db, "list", "--json");
        using var doc = JsonDocument.Parse(list.StdOut);
        var five = doc.RootElement.GetProperty("migrations").EnumerateArray().Single(m => m.GetProperty("version").GetInt64() == 5);
        Assert.Equal(expected, five.GetProperty("sha256").GetString());

        Assert.Equal(0, (await ScenarioProject.RunAsync(db, "migrate")).ExitCode);
        Assert.Equal("semi; colon", await db.ScalarAsync<string>("SELECT body FROM notes"));
        Assert.Equal(0, (await ScenarioProject.RunAsync(db, "verify")).ExitCode);
    }

    [Fact]
    public async Task A_migration_unknown_to_the_binary_is_reported_and_migrate_refuses_unless_allowed()
    {
        var db = await server.CreateDatabaseAsync();
        Assert.Equal(0, (await ScenarioProject.RunAsync(db, "migrate", "--target", "3")).ExitCode);
        await db.ExecuteAsync(
            "INSERT INTO schema_migrations (filename, checksum, checksum_algorithm, method) VALUES ('99_from_a_newer_binary.sql', 'abc', 'sha256-lf', 'applied')");

        var status = await ScenarioProject.RunAsync(db, "status");
        var refused = await ScenarioProject.RunAsync(db, "migrate");

        Assert.Equal(3, status.ExitCode);
        Assert.Contains("UNKNOWN to this binary", status.StdOut);
        Assert.Equal(3, refused.ExitCode);
        Assert.Contains("99_from_a_newer_binary.sql", refused.StdErr);
        Assert.Contains("--allow-unknown", refused.StdErr);
        Assert.Equal(0L, await db.ScalarAsync<long>("SELECT count(*) FROM schema_migrations WHERE filename LIKE '4_%'"));

        var allowed = await ScenarioProject.RunAsync(db, "migrate", "--allow-unknown");
        Assert.Equal(0, allowed.ExitCode);
        Assert.Equal(1L, await db.ScalarAsync<long>("SELECT count(*) FROM schema_migrations WHERE filename LIKE '4_%'"));
    }
}
