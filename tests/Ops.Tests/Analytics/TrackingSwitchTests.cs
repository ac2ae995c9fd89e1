using CocktailDb.Ops.Tests.Harness;
using Npgsql;

namespace CocktailDb.Ops.Tests.Analytics;

/// <summary>
/// Migration 14 switches tracking from 09's flag to the change log on a live database: no
/// change committed while it runs may be lost, whichever side of the switch it lands on.
/// </summary>
[Collection(AnalyticsPostgresCollection.Name)]
public sealed class TrackingSwitchTests(PostgresServer server)
{
    /// <summary>A database as production has it before 14: the core schema, 09 applied, ledger rows 01..13 by the old runner.</summary>
    private async Task<TestDatabase> ProductionBeforeTrackingSwitchAsync()
    {
        var db = await server.CreateDatabaseAsync();
        await db.ExecuteAsync(RepositoryFiles.CoreSchemaSql);
        await db.ExecuteAsync(RepositoryFiles.Migration("09_migration_add_analytics_refresh_state.sql"));
        await db.ExecuteAsync(
            """
            CREATE TABLE schema_migrations (filename TEXT PRIMARY KEY, applied_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP);
            INSERT INTO schema_migrations (filename)
            SELECT CASE v WHEN 9 THEN '09_migration_add_analytics_refresh_state.sql'
                          ELSE format('%s_migration_before_tracking.sql', lpad(v::text, 2, '0')) END
            FROM generate_series(1, 13) AS v;
            INSERT INTO units (name) VALUES ('ml');
            INSERT INTO ingredients (name) VALUES ('gin');
            INSERT INTO recipes (name) VALUES ('Martini');
            INSERT INTO ratings (recipe_id, user_id, rating) VALUES (1, 'ada', 5);
            INSERT INTO tags (name) VALUES ('classic');
            -- The last refresh covered everything so far: 09's flag is clean.
            UPDATE analytics_refresh_state SET dirty_at = NULL, last_run_at = now();
            CREATE TABLE written (xid XID8 NOT NULL);
            """);
        return db;
    }

    [Fact]
    public async Task A_write_that_commits_while_14_waits_for_its_lock_is_carried_over_not_dropped()
    {
        var db = await ProductionBeforeTrackingSwitchAsync();
        await OpsBinary.PathAsync(); // published before the clock below starts
        await using var writer = await db.OpenAsync();
        await using var transaction = await writer.BeginTransactionAsync();
        await using (var edit = new NpgsqlCommand("UPDATE recipes SET name = 'Dry Martini' WHERE id = 1", writer, transaction))
        {
            await edit.ExecuteNonQueryAsync(); // 09's trigger has flagged it; not committed yet
        }

        var migrate = OpsBinary.RunAsync(db.Environment(), "migrate");
        await WaitForMigrateToWaitForALockAsync(db);
        await transaction.CommitAsync();
        var result = await migrate;

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("applied 14_migration_lossless_analytics_change_tracking.sql", result.StdOut);
        Assert.Equal(1L, await db.ScalarAsync<long>("SELECT count(*) FROM analytics_changes WHERE first_table = 'analytics_refresh_state'"));
    }

    [Fact]
    public async Task Writers_committing_all_through_the_switch_lose_no_change()
    {
        var db = await ProductionBeforeTrackingSwitchAsync();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var writers = Enumerable.Range(0, 4).Select(w => WriteUntilAsync(db, w, stop.Token)).ToList();
        await Task.Delay(300);

        var result = await OpsBinary.RunAsync(db.Environment(), "migrate");
        await Task.Delay(300);
        await stop.CancelAsync();
        var commits = (await Task.WhenAll(writers)).Sum();

        Assert.True(result.ExitCode == 0, result.ToString());
        var ownRows = await db.ScalarAsync<long>("SELECT count(*) FROM written w WHERE EXISTS (SELECT 1 FROM analytics_changes c WHERE c.xid = w.xid)");
        var withoutOwnRow = await db.ScalarAsync<long>("SELECT count(*) FROM written w WHERE NOT EXISTS (SELECT 1 FROM analytics_changes c WHERE c.xid = w.xid)");
        var carriedOver = await db.ScalarAsync<long>("SELECT count(*) FROM analytics_changes WHERE first_table = 'analytics_refresh_state'");
        Assert.Equal(commits, ownRows + withoutOwnRow);
        // Writes on both sides of the switch, or the test proved nothing.
        Assert.True(ownRows > 0 && withoutOwnRow > 0, $"{ownRows} writes after the switch, {withoutOwnRow} before it");
        // Every write made under 09 committed before 14 did (14 drops 09's table only once its
        // writers are done), so the one carried-over row, committed by 14, covers all of them.
        Assert.Equal(1L, carriedOver);
    }

    [Fact]
    public async Task An_edit_09_marked_while_its_last_job_ran_is_carried_over_although_last_run_at_is_later()
    {
        var db = await ProductionBeforeTrackingSwitchAsync();
        // 09's script set last_run_at when the job had finished: an edit made while it ran has
        // dirty_at < last_run_at, although the job never saw it.
        await db.ExecuteAsync("UPDATE analytics_refresh_state SET dirty_at = now() - interval '2 minutes', last_run_at = now() - interval '1 minute'");

        var result = await OpsBinary.RunAsync(db.Environment(), "migrate");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(1L, await db.ScalarAsync<long>("SELECT count(*) FROM analytics_changes WHERE first_table = 'analytics_refresh_state'"));
    }

    [Fact]
    public async Task Fourteens_lock_of_eight_tables_blocks_readers_of_recipes_for_no_longer_than_its_lock_timeout_in_all()
    {
        var db = await ProductionBeforeTrackingSwitchAsync();
        await OpsBinary.PathAsync();
        // Sessions on three of the tables after recipes in 14's LOCK list, finishing one after
        // another: waiting for each in turn with the full lock timeout would hold recipes for
        // about three times that.
        var lockTimeout = TimeSpan.FromSeconds(2);
        var blockers = new List<Task>();
        foreach (var (table, holdFor) in new[] { ("ingredients", 1.8), ("units", 3.6), ("tags", 5.4) })
        {
            var connection = await db.OpenAsync();
            var transaction = await connection.BeginTransactionAsync();
            // A reader's lock: enough to make ACCESS EXCLUSIVE wait, and fires no trigger of 09's
            // (whose shared row would make the holders wait for each other).
            await using (var hold = new NpgsqlCommand($"LOCK TABLE {table} IN ACCESS SHARE MODE", connection, transaction))
            {
                await hold.ExecuteNonQueryAsync();
            }

            blockers.Add(Task.Run(async () =>
            {
                await Task.Delay(TimeSpan.FromSeconds(holdFor));
                await transaction.CommitAsync();
                await connection.DisposeAsync();
            }));
        }

        using var stop = new CancellationTokenSource();
        var longestRead = ReadRecipesUntilAsync(db, stop.Token);
        var result = await OpsBinary.RunAsync(db.Environment(), "migrate", "--ddl-lock-timeout", "2s", "--lock-retries", "10", "--lock-retry-max-wait", "1s");
        await Task.WhenAll(blockers);
        await stop.CancelAsync();

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.True(await longestRead < lockTimeout + TimeSpan.FromSeconds(1), $"a read of recipes waited {await longestRead} behind 14's LOCK");
    }

    /// <summary>Reads recipes over and over; returns the longest a read took.</summary>
    private static async Task<TimeSpan> ReadRecipesUntilAsync(TestDatabase db, CancellationToken stop)
    {
        await using var connection = await db.OpenAsync();
        var longest = TimeSpan.Zero;
        while (!stop.IsCancellationRequested)
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            await using (var read = new NpgsqlCommand("SELECT count(*) FROM recipes", connection))
            {
                await read.ExecuteScalarAsync(CancellationToken.None);
            }

            longest = clock.Elapsed > longest ? clock.Elapsed : longest;
            await Task.Delay(20, CancellationToken.None);
        }

        return longest;
    }

    private static async Task<int> WriteUntilAsync(TestDatabase db, int writer, CancellationToken stop)
    {
        await using var connection = await db.OpenAsync();
        var commits = 0;
        for (var i = 0; !stop.IsCancellationRequested && commits < 5000; i++)
        {
            await using var transaction = await connection.BeginTransactionAsync(CancellationToken.None);
            var table = ((writer + i) % 3) switch { 0 => "UPDATE recipes SET description = $1 WHERE id = 1", 1 => "UPDATE tags SET created_by = $1 WHERE id = 1", _ => "UPDATE units SET abbreviation = $1 WHERE id = 1" };
            await using (var edit = new NpgsqlCommand(table, connection, transaction) { Parameters = { new NpgsqlParameter { Value = $"w{writer}-{i}" } } })
            {
                await edit.ExecuteNonQueryAsync(CancellationToken.None);
            }

            await using (var note = new NpgsqlCommand("INSERT INTO written VALUES (pg_current_xact_id())", connection, transaction))
            {
                await note.ExecuteNonQueryAsync(CancellationToken.None);
            }

            await transaction.CommitAsync(CancellationToken.None);
            commits++;
        }

        return commits;
    }

    private static async Task WaitForMigrateToWaitForALockAsync(TestDatabase db)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (await db.ScalarAsync<long>(
                   "SELECT count(*) FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid " +
                   "WHERE NOT l.granted AND a.application_name LIKE 'cocktaildb-ops migrate%' AND a.datname = current_database()") == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "migrate never waited for the writer's lock");
            await Task.Delay(50);
        }
    }
}
