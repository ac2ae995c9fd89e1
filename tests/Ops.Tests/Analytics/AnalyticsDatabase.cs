using CocktailDb.Ops.Tests.Harness;

namespace CocktailDb.Ops.Tests.Analytics;

/// <summary>A CocktailDB database installed by `migrate`, with one row in each watched table, and debounce ticks against it.</summary>
public static class AnalyticsDatabase
{
    public static readonly string[] WatchedTables = ["units", "ingredients", "recipes", "recipe_ingredients", "ratings", "tags", "recipe_tags"];

    public static async Task<TestDatabase> CreateAsync(PostgresServer server)
    {
        var db = await server.CreateDatabaseAsync();
        var migrate = await OpsBinary.RunAsync(db.Environment(), "migrate");
        Assert.True(migrate.ExitCode == 0, migrate.ToString());
        await db.ExecuteAsync(
            """
            INSERT INTO units (name) VALUES ('ml');
            INSERT INTO ingredients (name) VALUES ('gin');
            INSERT INTO recipes (name) VALUES ('Martini');
            INSERT INTO recipe_ingredients (recipe_id, ingredient_id, unit_id, amount) VALUES (1, 1, 1, 60);
            INSERT INTO ratings (recipe_id, user_id, rating) VALUES (1, 'ada', 5);
            INSERT INTO tags (name) VALUES ('classic');
            INSERT INTO recipe_tags (recipe_id, tag_id) VALUES (1, 1);
            DELETE FROM analytics_changes;
            """);
        return db;
    }

    /// <summary>One committed edit of watched table number <paramref name="i"/> (mod 7).</summary>
    public static string Edit(int i) => (i % 7) switch
    {
        0 => $"UPDATE units SET abbreviation = 'e{i}' WHERE id = 1",
        1 => $"UPDATE ingredients SET description = 'e{i}' WHERE id = 1",
        2 => $"UPDATE recipes SET instructions = 'e{i}' WHERE id = 1",
        3 => $"UPDATE recipe_ingredients SET amount = {i % 90} WHERE recipe_id = 1",
        4 => $"UPDATE ratings SET rating = {1 + (i % 5)} WHERE recipe_id = 1",
        5 => $"UPDATE tags SET created_by = 'e{i}' WHERE id = 1",
        _ => "UPDATE recipe_tags SET tag_id = 1 WHERE recipe_id = 1",
    };

    public static Task<ProcessResult> TickAsync(TestDatabase db, FakeJob job, params string[] options) =>
        OpsBinary.RunAsync(db.Environment(), ["debounce", "--run-command", job.Command, .. options]);

    public static Task<long> PendingAsync(TestDatabase db) => db.ScalarAsync<long>("SELECT count(*) FROM analytics_changes");
}
