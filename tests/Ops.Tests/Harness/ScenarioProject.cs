namespace CocktailDb.Ops.Tests.Harness;

/// <summary>
/// cocktaildb-ops built with the scenario migrations of Fixtures/scenarios: 1 creates items
/// (and test_knobs), 2 inserts and can be made to sleep, 3 runs CREATE INDEX CONCURRENTLY
/// without a transaction, 4 adds a unique index (fails on duplicate names), 5 is saved with
/// CRLF and a BOM. Rollbacks exist for 4 and 5.
/// </summary>
public static class ScenarioProject
{
    public static string Folder => Path.Combine(TestEnvironment.RepoRoot, "tests", "Ops.Tests", "Fixtures", "scenarios");

    public static Task<string> BinaryAsync() =>
        OpsBinary.PublishWithMigrationsAsync("scenarios", Path.Combine(Folder, "migrations"), Path.Combine(Folder, "schema.sql"));

    public static async Task<ProcessResult> RunAsync(TestDatabase database, params string[] arguments) =>
        await ProcessRunner.RunAsync(await BinaryAsync(), arguments, database.Environment(), timeout: TimeSpan.FromMinutes(2));
}
