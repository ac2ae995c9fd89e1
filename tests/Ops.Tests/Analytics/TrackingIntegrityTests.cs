using CocktailDb.Ops.Tests.Harness;
using Npgsql;

namespace CocktailDb.Ops.Tests.Analytics;

/// <summary>
/// No setting can turn tracking off, no writer can write into the change log, and the log works
/// under a publication: the mark a transaction leaves is its own id, the trigger function is not
/// executable by PUBLIC, and analytics_changes has a replica identity.
/// </summary>
[Collection(AnalyticsPostgresCollection.Name)]
public sealed class TrackingIntegrityTests(PostgresServer server)
{
    /// <summary>A login role that may write the watched tables and nothing more, and a connection string for it.</summary>
    private static async Task<string> WriterAsync(TestDatabase db, string role)
    {
        await db.ExecuteAsync(
            $"CREATE ROLE {role} LOGIN PASSWORD '{PostgresServer.Password}'; " +
            $"GRANT USAGE, CREATE ON SCHEMA public TO {role}; " +
            $"GRANT SELECT, INSERT, UPDATE, DELETE ON {string.Join(", ", AnalyticsDatabase.WatchedTables)} TO {role}; " +
            $"GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO {role};");
        return new NpgsqlConnectionStringBuilder(db.ConnectionString) { Username = role }.ConnectionString;
    }

    private static async Task RunAsync(string connectionString, params string[] statements)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        foreach (var sql in statements)
        {
            await using var command = new NpgsqlCommand(sql, connection);
            await command.ExecuteNonQueryAsync();
        }
    }

    [Fact]
    public async Task A_mark_preset_by_the_session_or_by_ALTER_ROLE_or_left_from_an_earlier_transaction_does_not_turn_tracking_off()
    {
        var db = await AnalyticsDatabase.CreateAsync(server);
        var role = $"presetter_{db.Name}";
        var writer = await WriterAsync(db, role);
        // The mark an earlier, tracked transaction of the same role left behind.
        await RunAsync(writer, "INSERT INTO tags (name) VALUES ('earlier')");
        var earlier = await db.ScalarAsync<string>("SELECT xid::text FROM analytics_changes");

        await RunAsync(writer, "SET cocktaildb.analytics_noted = 'on'", "UPDATE recipes SET name = 'Preset' WHERE id = 1");
        await RunAsync(writer, $"SET cocktaildb.analytics_noted = '{earlier}'", "UPDATE recipes SET name = 'Old mark' WHERE id = 1");
        await RunAsync(writer, "BEGIN", "SELECT set_config('cocktaildb.analytics_noted', 'on', true)", "UPDATE units SET name = 'In the transaction' WHERE id = 1", "COMMIT");
        await db.ExecuteAsync($"ALTER ROLE {role} SET cocktaildb.analytics_noted = 'on'");
        await RunAsync(writer, "INSERT INTO ratings (recipe_id, user_id, rating) VALUES (1, 'eve', 1)");

        Assert.Equal("tags,recipes,recipes,units,ratings", await db.ScalarAsync<string>("SELECT string_agg(first_table, ',' ORDER BY first_change_at) FROM analytics_changes"));
        await db.ExecuteAsync($"DROP OWNED BY {role}; DROP ROLE {role};");
    }

    [Fact]
    public async Task A_role_cannot_attach_the_trigger_function_to_a_table_of_its_own_to_write_into_the_log()
    {
        var db = await AnalyticsDatabase.CreateAsync(server);
        var role = $"intruder_{db.Name}";
        var writer = await WriterAsync(db, role);

        var error = await Assert.ThrowsAsync<PostgresException>(() => RunAsync(
            writer,
            "CREATE TABLE mine (a int)",
            "CREATE TRIGGER mine_noted AFTER INSERT ON mine FOR EACH STATEMENT EXECUTE FUNCTION analytics_note_change()"));

        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, error.SqlState);
        // The same role's writes to the watched tables are tracked all the same.
        await RunAsync(writer, "UPDATE tags SET name = 'still tracked' WHERE id = 1");
        Assert.Equal(1L, await AnalyticsDatabase.PendingAsync(db));
        await db.ExecuteAsync($"DROP OWNED BY {role}; DROP ROLE {role};");
    }

    [Fact]
    public async Task Under_a_publication_for_all_tables_a_refresh_can_still_mark_changes_seen_and_done()
    {
        var db = await AnalyticsDatabase.CreateAsync(server);
        await db.ExecuteAsync($"CREATE PUBLICATION everything_{db.Name} FOR ALL TABLES");
        using var job = new FakeJob();
        await db.ExecuteAsync(AnalyticsDatabase.Edit(2));

        // The first tick stamps seen_at (an UPDATE), the second deletes what its run covered.
        var first = await AnalyticsDatabase.TickAsync(db, job, "--quiet-period", "1h", "--max-wait", "1h");
        var second = await AnalyticsDatabase.TickAsync(db, job, "--quiet-period", "0s");

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Contains("finished refresh", second.StdOut);
        Assert.Equal(0L, await AnalyticsDatabase.PendingAsync(db));
        await db.ExecuteAsync($"DROP PUBLICATION everything_{db.Name}");
    }
}
