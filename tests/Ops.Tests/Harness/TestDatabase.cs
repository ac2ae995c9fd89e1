using Npgsql;

namespace CocktailDb.Ops.Tests.Harness;

/// <summary>A database of one test's own on the shared server.</summary>
public sealed class TestDatabase(PostgresServer server, string name)
{
    public string Name { get; } = name;

    public PostgresServer Server { get; } = server;

    public string ConnectionString => new NpgsqlConnectionStringBuilder(Server.AdminConnectionString) { Database = Name }.ConnectionString;

    /// <summary>The DB_* variables the binary reads, pointing at this database.</summary>
    public Dictionary<string, string?> Environment() => new()
    {
        ["DB_HOST"] = Server.Host,
        ["DB_PORT"] = Server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["DB_USER"] = "postgres",
        ["DB_PASSWORD"] = PostgresServer.Password,
        ["DB_NAME"] = Name,
    };

    public async Task<NpgsqlConnection> OpenAsync()
    {
        var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    public async Task ExecuteAsync(string sql)
    {
        await using var connection = await OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Waits until <paramref name="countSql"/> counts something: a lock waited for, a session seen.</summary>
    public Task WaitUntilAsync(string countSql) =>
        Poll.UntilAsync(async () => await ScalarAsync<long>(countSql) != 0, TimeSpan.FromSeconds(30), countSql);

    /// <summary>Waits until a session of this database sits in the fixtures' pg_sleep (test_knobs.sleep_seconds), or, with false, until none does.</summary>
    public Task WaitUntilSleepingAsync(bool sleeping = true) =>
        WaitUntilAsync($"SELECT (count(*) {(sleeping ? ">" : "=")} 0)::int::bigint FROM pg_stat_activity WHERE query LIKE 'SELECT pg_sleep%' AND datname = current_database()");

    public async Task<T> ScalarAsync<T>(string sql)
    {
        await using var connection = await OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }
}
