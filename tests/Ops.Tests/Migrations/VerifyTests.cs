using CocktailDb.Ops.Tests.Harness;

namespace CocktailDb.Ops.Tests.Migrations;

/// <summary>`verify` passes only what it could check: a database with nothing to check fails it.</summary>
[Collection(ScenarioPostgresCollection.Name)]
public sealed class VerifyTests(PostgresServer server)
{
    [Fact]
    public async Task A_database_without_a_ledger_fails_verification_saying_nothing_could_be_checked()
    {
        var db = await server.CreateDatabaseAsync();

        var result = await ScenarioProject.RunAsync(db, "verify");

        Assert.True(result.ExitCode == 3, result.ToString());
        Assert.Contains($"database {db.Name} has no schema_migrations ledger, so none of the 5 migrations this binary carries could be checked", result.StdErr);
        Assert.DoesNotContain("verified", result.StdOut);
    }

    [Fact]
    public async Task An_empty_ledger_fails_verification()
    {
        var db = await server.CreateDatabaseAsync();
        await db.ExecuteAsync("CREATE TABLE schema_migrations (filename TEXT PRIMARY KEY, applied_at TIMESTAMP)");

        var result = await ScenarioProject.RunAsync(db, "verify");

        Assert.True(result.ExitCode == 3, result.ToString());
        Assert.Contains("none of the 5 migrations this binary carries could be checked: the ledger records none of them with a checksum", result.StdErr);
    }

    [Fact]
    public async Task A_database_with_tables_but_no_ledger_is_refused_as_status_refuses_it()
    {
        var db = await server.CreateDatabaseAsync();
        await db.ExecuteAsync("CREATE TABLE items (id INTEGER PRIMARY KEY)");

        var verify = await ScenarioProject.RunAsync(db, "verify");
        var status = await ScenarioProject.RunAsync(db, "status");

        Assert.Equal(6, verify.ExitCode);
        Assert.Contains("has tables (public.items) but no schema_migrations ledger", verify.StdErr);
        Assert.Equal(status.StdErr, verify.StdErr);
    }

    [Fact]
    public async Task A_partly_migrated_database_passes_and_says_how_many_embedded_migrations_it_could_not_check()
    {
        var db = await server.CreateDatabaseAsync();
        Assert.Equal(0, (await ScenarioProject.RunAsync(db, "migrate", "--target", "3")).ExitCode);

        var result = await ScenarioProject.RunAsync(db, "verify");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("verified 3 applied migrations; 2 of the 5 migrations this binary carries could not be checked (2 not applied)", result.StdOut);
    }
}
