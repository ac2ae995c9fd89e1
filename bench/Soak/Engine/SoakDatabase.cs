using System.Globalization;
using Npgsql;

namespace CocktailDb.Bench.Soak;

/// <summary>
/// The database a soak runs against: CocktailDB installed by the real `cocktaildb-ops migrate`,
/// a few rows in each watched table, and the soak's own records (<see cref="SoakVerdict"/>):
/// among them soak_commits, the transaction id of every write to a watched table, written in the
/// same (sub)transaction as the write, so a row exists exactly when that write committed.
/// </summary>
public sealed class SoakDatabase
{
    private readonly object _gate = new();
    private NpgsqlConnectionStringBuilder _settings;

    private SoakDatabase(NpgsqlConnectionStringBuilder settings) => _settings = settings;

    /// <summary>Where the database is now (a server restart may move it to another port).</summary>
    public NpgsqlConnectionStringBuilder Settings
    {
        get
        {
            lock (_gate)
            {
                return new NpgsqlConnectionStringBuilder(_settings.ConnectionString);
            }
        }
    }

    public static async Task<SoakDatabase> CreateAsync(NpgsqlConnectionStringBuilder server, string binary)
    {
        var name = $"soak_{System.Environment.ProcessId}_{DateTime.UtcNow:HHmmssfff}";
        await using (var admin = new NpgsqlConnection(server.ConnectionString))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name} TEMPLATE template0", admin);
            await create.ExecuteNonQueryAsync();
        }

        var database = new SoakDatabase(new NpgsqlConnectionStringBuilder(server.ConnectionString) { Database = name, Pooling = false });
        var migrate = await ChildProcess.RunAsync(binary, ["migrate"], database.Environment(), TimeSpan.FromMinutes(2));
        if (migrate.ExitCode != 0)
        {
            throw new InvalidOperationException($"cocktaildb-ops migrate failed (exit {migrate.ExitCode}): {migrate.Output}");
        }

        await database.SeedAsync();
        await using (var connection = await database.OpenAsync("soak"))
        {
            await SoakVerdict.PrepareAsync(connection);
        }

        return database;
    }

    /// <summary>
    /// A database migrated by someone else (the deploy of the simulated hosts), with the soak's
    /// audit in place (<see cref="SoakVerdict"/>) and the change log, the runs and the audit empty.
    /// </summary>
    public static async Task<SoakDatabase> AttachAsync(NpgsqlConnectionStringBuilder settings)
    {
        var database = new SoakDatabase(new NpgsqlConnectionStringBuilder(settings.ConnectionString) { Pooling = false });
        await database.SeedAsync();
        await using var connection = await database.OpenAsync("soak");
        await SoakVerdict.PrepareAsync(connection);
        return database;
    }

    /// <summary>A few rows in each watched table for the writers to change, once.</summary>
    private Task SeedAsync() => ExecuteAsync(
        """
        DO $$
        BEGIN
            IF NOT EXISTS (SELECT 1 FROM recipes WHERE name = 'recipe1') THEN
                INSERT INTO units (name) SELECT 'unit' || i FROM generate_series(1, 5) AS i;
                INSERT INTO ingredients (name) SELECT 'ingredient' || i FROM generate_series(1, 5) AS i;
                INSERT INTO recipes (name) SELECT 'recipe' || i FROM generate_series(1, 10) AS i;
                INSERT INTO recipe_ingredients (recipe_id, ingredient_id, unit_id, amount) SELECT i, 1 + i % 5, 1 + i % 5, i FROM generate_series(1, 10) AS i;
                INSERT INTO tags (name) SELECT 'tag' || i FROM generate_series(1, 5) AS i;
                INSERT INTO recipe_tags (recipe_id, tag_id) SELECT i, 1 + i % 5 FROM generate_series(1, 10) AS i;
                INSERT INTO ratings (recipe_id, user_id, rating) SELECT i, 'seed', 3 FROM generate_series(1, 10) AS i;
            END IF;
        END;
        $$;
        """);

    public void MoveTo(string host, int port)
    {
        lock (_gate)
        {
            _settings.Host = host;
            _settings.Port = port;
        }
    }

    /// <summary>The DB_* variables cocktaildb-ops (and the stand-in job) read.</summary>
    public Dictionary<string, string?> Environment()
    {
        var s = Settings;
        return new Dictionary<string, string?>
        {
            ["DB_HOST"] = s.Host,
            ["DB_PORT"] = s.Port.ToString(CultureInfo.InvariantCulture),
            ["DB_USER"] = s.Username,
            ["DB_PASSWORD"] = s.Password,
            ["DB_NAME"] = s.Database,
        };
    }

    public async Task<NpgsqlConnection> OpenAsync(string applicationName, CancellationToken ct = default)
    {
        var settings = Settings;
        settings.ApplicationName = applicationName;
        settings.Timeout = 3;
        settings.CommandTimeout = 15;
        var connection = new NpgsqlConnection(settings.ConnectionString);
        await connection.OpenAsync(ct);
        return connection;
    }

    public async Task ExecuteAsync(string sql)
    {
        await using var connection = await OpenAsync("soak");
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    public async Task<T> ScalarAsync<T>(string sql)
    {
        await using var connection = await OpenAsync("soak");
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }
}
