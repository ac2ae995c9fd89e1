using System.Text.Json;
using CocktailDb.Ops.Tests.Harness;

namespace CocktailDb.Ops.Tests.Migrations;

/// <summary>
/// The binary built for another project's migrations folder (-p:MigrationsDir): SQLite-era
/// files, a file with COMMIT; inside, a legacy top-level rollback and a rollbacks/ folder.
/// </summary>
[Collection(ScenarioPostgresCollection.Name)]
public sealed class LegacyProjectTests(PostgresServer server)
{
    private static string Folder => Path.Combine(TestEnvironment.RepoRoot, "tests", "Ops.Tests", "Fixtures", "legacy-project");

    private static Task<string> BinaryAsync() =>
        OpsBinary.PublishWithMigrationsAsync("legacy-project", Path.Combine(Folder, "migrations"), Path.Combine(Folder, "no-schema.sql"));

    [Fact]
    public async Task It_builds_embeds_up_migrations_only_and_keeps_legacy_rollbacks_out_of_them()
    {
        var list = await ProcessRunner.RunAsync(await BinaryAsync(), ["list", "--json"]);

        Assert.Equal(0, list.ExitCode);
        using var doc = JsonDocument.Parse(list.StdOut);
        var migrations = doc.RootElement.GetProperty("migrations").EnumerateArray().ToList();
        Assert.Equal(["001_initial.sql", "002_add_email.sql", "003_add_orders.sql"], migrations.Select(m => m.GetProperty("file").GetString()));
        Assert.True(migrations[1].GetProperty("hasRollback").GetBoolean()); // 02_rollback_add_email.sql, top level
        Assert.True(migrations[2].GetProperty("hasRollback").GetBoolean()); // rollbacks/003_rollback_add_orders.sql
    }

    [Fact]
    public async Task An_existing_database_is_baselined_and_only_what_is_pending_is_applied()
    {
        var db = await server.CreateDatabaseAsync();
        await db.ExecuteAsync("CREATE TABLE users (id SERIAL PRIMARY KEY, name TEXT NOT NULL, email TEXT); INSERT INTO users (name) VALUES ('ada');");
        var binary = await BinaryAsync();
        var env = db.Environment();

        var refused = await ProcessRunner.RunAsync(binary, ["migrate"], env);
        var baseline = await ProcessRunner.RunAsync(binary, ["baseline", "--version", "2"], env);
        var migrate = await ProcessRunner.RunAsync(binary, ["migrate"], env);

        Assert.Equal(6, refused.ExitCode);
        Assert.Contains("baseline --version", refused.StdErr);
        Assert.True(baseline.ExitCode == 0, baseline.ToString());
        Assert.Contains("recorded 2 migrations without running them", baseline.StdOut);
        Assert.True(migrate.ExitCode == 0, migrate.ToString());
        Assert.Contains("applied 003_add_orders.sql", migrate.StdOut);
        Assert.Contains("applied 1, skipped 2", migrate.StdOut);
        Assert.Equal("it's; fine", await db.ScalarAsync<string>("INSERT INTO orders (user_id) VALUES (1) RETURNING note"));
    }

    [Fact]
    public async Task A_pending_migration_that_commits_by_itself_is_refused_before_anything_runs()
    {
        var db = await server.CreateDatabaseAsync();
        await db.ExecuteAsync("CREATE TABLE users (id SERIAL PRIMARY KEY, name TEXT NOT NULL);");
        var binary = await BinaryAsync();
        var env = db.Environment();
        Assert.Equal(0, (await ProcessRunner.RunAsync(binary, ["baseline", "--version", "1"], env)).ExitCode);

        var result = await ProcessRunner.RunAsync(binary, ["migrate"], env);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("002_add_email.sql line 1", result.StdErr);
        Assert.Contains("-- cocktaildb:no-transaction", result.StdErr);
        Assert.Equal(0L, await db.ScalarAsync<long>("SELECT count(*) FROM information_schema.columns WHERE table_name = 'users' AND column_name = 'email'"));
        Assert.Equal(0L, await db.ScalarAsync<long>("SELECT count(*) FROM pg_tables WHERE tablename = 'orders'"));
    }
}
