using CocktailDb.Ops.Tests.Harness;
using Npgsql;

namespace CocktailDb.Ops.Tests.Analytics;

/// <summary>Tracking changes never makes one writer wait for another.</summary>
[Collection(AnalyticsPostgresCollection.Name)]
public sealed class ChangeTrackingTests(PostgresServer server)
{
    private static async Task<(NpgsqlConnection Connection, NpgsqlTransaction Transaction)> BeginAsync(TestDatabase db, string isolation = "READ COMMITTED")
    {
        var connection = await db.OpenAsync();
        // A writer that waited for another would fail here instead of hanging the test.
        await using (var setup = new NpgsqlCommand("SET lock_timeout = '2s'", connection))
        {
            await setup.ExecuteNonQueryAsync();
        }

        var transaction = await connection.BeginTransactionAsync(isolation == "REPEATABLE READ" ? System.Data.IsolationLevel.RepeatableRead : System.Data.IsolationLevel.ReadCommitted);
        return (connection, transaction);
    }

    private static async Task RunAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync();
    }

    [Fact]
    public async Task An_open_transaction_that_changed_recipes_does_not_block_other_writers()
    {
        var db = await AnalyticsDatabase.CreateAsync(server);
        var (open, openTx) = await BeginAsync(db);
        await using var _ = open;
        await RunAsync(open, openTx, "UPDATE recipes SET name = 'Dry Martini' WHERE id = 1");

        var (other, otherTx) = await BeginAsync(db);
        await using (other)
        {
            await RunAsync(other, otherTx, "INSERT INTO ratings (recipe_id, user_id, rating) VALUES (1, 'bob', 4)");
            await RunAsync(other, otherTx, "INSERT INTO recipes (name) VALUES ('Gibson')");
            await otherTx.CommitAsync();
        }

        await openTx.CommitAsync();
        Assert.Equal(2L, await AnalyticsDatabase.PendingAsync(db));
    }

    [Fact]
    public async Task Writers_touching_a_recipe_and_a_rating_in_opposite_order_do_not_deadlock()
    {
        var db = await AnalyticsDatabase.CreateAsync(server);
        await db.ExecuteAsync("INSERT INTO recipes (name) VALUES ('Negroni'); INSERT INTO ratings (recipe_id, user_id, rating) VALUES (2, 'bob', 3); DELETE FROM analytics_changes;");
        var (a, aTx) = await BeginAsync(db);
        var (b, bTx) = await BeginAsync(db);
        await using (a)
        await using (b)
        {
            await RunAsync(a, aTx, "UPDATE recipes SET name = 'Martini' WHERE id = 1");
            await RunAsync(b, bTx, "UPDATE ratings SET rating = 4 WHERE recipe_id = 2");
            await RunAsync(a, aTx, "UPDATE ratings SET rating = 5 WHERE recipe_id = 1");
            await RunAsync(b, bTx, "UPDATE recipes SET name = 'Negroni Sbagliato' WHERE id = 2");
            await aTx.CommitAsync();
            await bTx.CommitAsync();
        }

        Assert.Equal(2L, await AnalyticsDatabase.PendingAsync(db));
    }

    [Fact]
    public async Task Repeatable_read_writers_get_no_serialization_failures_from_tracking()
    {
        var db = await AnalyticsDatabase.CreateAsync(server);
        var (a, aTx) = await BeginAsync(db, "REPEATABLE READ");
        var (b, bTx) = await BeginAsync(db, "REPEATABLE READ");
        await using (a)
        await using (b)
        {
            await RunAsync(a, aTx, "INSERT INTO tags (name) VALUES ('sour')");
            await RunAsync(b, bTx, "INSERT INTO tags (name) VALUES ('bitter')");
            await aTx.CommitAsync();
            await RunAsync(b, bTx, "INSERT INTO recipe_tags (recipe_id, tag_id) SELECT 1, id FROM tags WHERE name = 'bitter'");
            await bTx.CommitAsync();
        }

        Assert.Equal(2L, await AnalyticsDatabase.PendingAsync(db));
    }

    [Fact]
    public async Task Truncate_counts_as_a_change_and_so_does_a_statement_that_changes_no_row()
    {
        var db = await AnalyticsDatabase.CreateAsync(server);

        // Noted per statement, not per row: at worst one refresh too many, never one too few.
        await db.ExecuteAsync("UPDATE recipes SET name = 'x' WHERE id = -1");
        Assert.Equal("recipes", await db.ScalarAsync<string>("SELECT first_table FROM analytics_changes"));
        await db.ExecuteAsync("DELETE FROM analytics_changes");

        await db.ExecuteAsync("TRUNCATE recipe_tags");
        Assert.Equal("recipe_tags", await db.ScalarAsync<string>("SELECT first_table FROM analytics_changes"));
    }

    [Fact]
    public async Task A_change_undone_by_a_rolled_back_savepoint_is_not_recorded_but_a_later_one_is()
    {
        var db = await AnalyticsDatabase.CreateAsync(server);

        await db.ExecuteAsync("BEGIN; SAVEPOINT s; UPDATE units SET name = 'cl' WHERE id = 1; ROLLBACK TO SAVEPOINT s; COMMIT;");
        Assert.Equal(0L, await AnalyticsDatabase.PendingAsync(db));

        await db.ExecuteAsync("BEGIN; SAVEPOINT s; UPDATE units SET name = 'cl' WHERE id = 1; ROLLBACK TO SAVEPOINT s; UPDATE tags SET name = 'tiki' WHERE id = 1; COMMIT;");
        Assert.Equal("tags", await db.ScalarAsync<string>("SELECT first_table FROM analytics_changes"));
    }

    [Fact]
    public async Task A_transaction_that_writes_many_rows_in_several_tables_records_one_change()
    {
        var db = await AnalyticsDatabase.CreateAsync(server);

        await db.ExecuteAsync(
            "BEGIN; INSERT INTO tags (name) SELECT 'tag' || i FROM generate_series(1, 50) AS i; " +
            "UPDATE recipes SET name = 'Gimlet'; DELETE FROM ratings; TRUNCATE recipe_tags; COMMIT;");

        Assert.Equal(1L, await AnalyticsDatabase.PendingAsync(db));
        Assert.Equal("tags", await db.ScalarAsync<string>("SELECT first_table FROM analytics_changes"));
    }

    [Fact]
    public async Task A_delete_that_cascades_and_an_upsert_are_noted_once_per_transaction()
    {
        var db = await AnalyticsDatabase.CreateAsync(server);

        // The cascade's deletes and ON CONFLICT DO UPDATE's insert and update each queue a
        // statement event of their own before any of them has run.
        await db.ExecuteAsync("DELETE FROM recipes WHERE id = 1");
        await db.ExecuteAsync("INSERT INTO tags (id, name) VALUES (1, 'classic') ON CONFLICT (id) DO UPDATE SET name = 'Classic'");

        Assert.Equal("recipes tags", await db.ScalarAsync<string>("SELECT string_agg(first_table, ' ' ORDER BY first_change_at) FROM analytics_changes"));
    }

    [Fact]
    public async Task Inserts_and_copy_are_noted_once_per_transaction_by_statement_triggers_that_cost_bulk_writes_nothing_per_row()
    {
        var db = await AnalyticsDatabase.CreateAsync(server);

        // A row trigger would cost every row of a bulk write: a BEFORE INSERT one stops COPY from
        // inserting in batches, a BEFORE UPDATE or DELETE one makes PostgreSQL lock each row
        // before its WHEN clause is looked at. Every analytics trigger is per statement.
        Assert.Equal(7L, await db.ScalarAsync<long>("SELECT count(*) FROM pg_trigger WHERE tgname LIKE 'analytics%'"));
        Assert.Equal(0L, await db.ScalarAsync<long>("SELECT count(*) FROM pg_trigger WHERE tgname LIKE 'analytics%' AND tgtype & 1 = 1"));

        await using (var connection = await db.OpenAsync())
        {
            await using (var copy = await connection.BeginTextImportAsync("COPY tags (name) FROM STDIN"))
            {
                for (var i = 0; i < 1000; i++)
                {
                    await copy.WriteLineAsync($"copied-{i}");
                }
            }
        }

        Assert.Equal(1L, await AnalyticsDatabase.PendingAsync(db));
        Assert.Equal(1001L, await db.ScalarAsync<long>("SELECT count(*) FROM tags"));
        await db.ExecuteAsync("DELETE FROM analytics_changes");

        await db.ExecuteAsync("BEGIN; SAVEPOINT s; INSERT INTO units (name) VALUES ('dash'); ROLLBACK TO SAVEPOINT s; COMMIT;");
        Assert.Equal(0L, await AnalyticsDatabase.PendingAsync(db));

        await db.ExecuteAsync("INSERT INTO ingredients (name) SELECT 'ing' || i FROM generate_series(1, 20) AS i");
        Assert.Equal("ingredients", await db.ScalarAsync<string>("SELECT first_table FROM analytics_changes"));
    }

    [Fact]
    public async Task A_writer_without_rights_on_the_change_log_and_with_a_search_path_of_its_own_is_tracked_all_the_same()
    {
        var db = await AnalyticsDatabase.CreateAsync(server);
        var role = $"writer_{db.Name}";
        await db.ExecuteAsync(
            $"CREATE ROLE {role} LOGIN PASSWORD '{PostgresServer.Password}'; " +
            $"GRANT USAGE ON SCHEMA public TO {role}; GRANT SELECT, INSERT, UPDATE, DELETE ON recipes, ratings TO {role}; " +
            $"GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO {role}; GRANT TEMPORARY ON DATABASE \"{db.Name}\" TO {role};");
        var asWriter = new Npgsql.NpgsqlConnectionStringBuilder(db.ConnectionString) { Username = role }.ConnectionString;
        await using (var writer = new Npgsql.NpgsqlConnection(asWriter))
        {
            await writer.OpenAsync();
            // A temporary table of the same name first in its path: the notice must not land there.
            foreach (var sql in new[]
            {
                "CREATE TEMP TABLE analytics_changes (xid xid8, first_table text, first_change_at timestamptz, seen_at timestamptz)",
                "SET search_path = pg_temp, public",
                "UPDATE recipes SET name = 'Vesper' WHERE id = 1", // two transactions of their own
                "INSERT INTO ratings (recipe_id, user_id, rating) VALUES (1, 'eve', 2)",
            })
            {
                await using var step = new Npgsql.NpgsqlCommand(sql, writer);
                await step.ExecuteNonQueryAsync();
            }

            await using var temp = new Npgsql.NpgsqlCommand("SELECT count(*) FROM pg_temp.analytics_changes", writer);
            Assert.Equal(0L, (long)(await temp.ExecuteScalarAsync())!);
            await using var denied = new Npgsql.NpgsqlCommand("DELETE FROM public.analytics_changes", writer);
            var error = await Assert.ThrowsAsync<Npgsql.PostgresException>(() => denied.ExecuteNonQueryAsync());
            Assert.Equal(Npgsql.PostgresErrorCodes.InsufficientPrivilege, error.SqlState);
        }

        Assert.Equal("recipes,ratings", await db.ScalarAsync<string>("SELECT string_agg(first_table, ',' ORDER BY first_change_at) FROM analytics_changes"));
        await db.ExecuteAsync($"DROP OWNED BY {role}; DROP ROLE {role};");
    }

    [Fact]
    public async Task Writes_made_as_a_replica_are_tracked_too()
    {
        var db = await AnalyticsDatabase.CreateAsync(server);

        // What logical replication's apply worker and some bulk loaders do: ordinary triggers stay
        // quiet then, the analytics triggers fire ALWAYS.
        await db.ExecuteAsync("BEGIN; SET LOCAL session_replication_role = replica; UPDATE recipes SET name = 'Sazerac'; COMMIT;");

        Assert.Equal(1L, await AnalyticsDatabase.PendingAsync(db));
    }
}
