namespace CocktailDb.Ops.Tests.Harness;

/// <summary>
/// cocktaildb-ops built with the migrations of Fixtures/live-site (no schema file): 1 creates
/// accounts, events and test_knobs; 2 changes its session (search_path, timeouts, role); 3
/// records the session it sees; 4 runs without a transaction and can be held between its
/// statements; 5 inserts an event and alters accounts; 6 alters accounts under a
/// '-- cocktaildb:lock-timeout 200ms' header; 7 creates reports.visits, outside search_path
/// (its rollback can be held open); 8 builds an index on it concurrently without naming it,
/// 9 one named visits_what_idx; 10 fails at COMMIT (a deferred foreign key) when
/// test_knobs.sleep_seconds is below zero; 11 builds an index whose name the table already has.
/// </summary>
public static class LiveSiteProject
{
    public static string Folder => Path.Combine(TestEnvironment.RepoRoot, "tests", "Ops.Tests", "Fixtures", "live-site");

    public static Task<string> BinaryAsync() =>
        OpsBinary.PublishWithMigrationsAsync("live-site", Path.Combine(Folder, "migrations"), Path.Combine(Folder, "no-schema-file.sql"));

    public static async Task<ProcessResult> RunAsync(TestDatabase database, params string[] arguments) =>
        await ProcessRunner.RunAsync(await BinaryAsync(), arguments, database.Environment(), timeout: TimeSpan.FromMinutes(2));

    /// <summary>
    /// A session named 'live-site report' with an open snapshot: a CREATE INDEX CONCURRENTLY
    /// waits for it to end before it can finish. Disposing it ends the snapshot.
    /// </summary>
    public static async Task<Npgsql.NpgsqlConnection> OpenOldSnapshotAsync(TestDatabase database)
    {
        var holder = new Npgsql.NpgsqlConnection(new Npgsql.NpgsqlConnectionStringBuilder(database.ConnectionString) { ApplicationName = "live-site report" }.ConnectionString);
        await holder.OpenAsync();
        await holder.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead);
        await using var read = new Npgsql.NpgsqlCommand("SELECT count(*) FROM accounts", holder);
        await read.ExecuteScalarAsync();
        return holder;
    }

    /// <summary>Rows of the events table, in order.</summary>
    public static async Task<List<string>> EventsAsync(TestDatabase database)
    {
        await using var connection = await database.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand("SELECT what FROM events ORDER BY id", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var events = new List<string>();
        while (await reader.ReadAsync())
        {
            events.Add(reader.GetString(0));
        }

        return events;
    }
}
