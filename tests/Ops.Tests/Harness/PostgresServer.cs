using Npgsql;
using Testcontainers.PostgreSql;
using DotNet.Testcontainers.Images;

namespace CocktailDb.Ops.Tests.Harness;

/// <summary>
/// One real PostgreSQL container per test collection; every test gets a database of its own.
/// The major version comes from COCKTAILDB_TEST_PG (15, the default, or 17), so the whole
/// suite can be run against either with one environment variable.
/// </summary>
public sealed class PostgresServer : IAsyncLifetime
{
    public const string Password = "s3cret-pw";

    private readonly PostgreSqlContainer _container;
    private int _databaseCount;

    public PostgresServer()
    {
        var major = Environment.GetEnvironmentVariable("COCKTAILDB_TEST_PG") is { Length: > 0 } v ? v : "15";
        Image = $"cocktaildb-test/postgres:{major}";
        _container = new PostgreSqlBuilder(Image)
            .WithImagePullPolicy(PullPolicy.Never)
            .WithPassword(Password)
            .WithUsername("postgres")
            // The builder's defaults turn off fsync and synchronous_commit: an acknowledged
            // commit could then vanish when a crash test kills the server.
            .WithCommand("-c", "synchronous_commit=on", "-c", "max_connections=200")
            .Build();
    }

    public string Image { get; }

    public string Host => _container.Hostname;

    public int Port => _container.GetMappedPublicPort(PostgreSqlBuilder.PostgreSqlPort);

    /// <summary>The admin connection string (database "postgres").</summary>
    public string AdminConnectionString => _container.GetConnectionString();

    public Task InitializeAsync() => _container.StartAsync();

    public Task DisposeAsync() => _container.DisposeAsync().AsTask();

    /// <summary>Creates an empty database and returns its name.</summary>
    public async Task<TestDatabase> CreateDatabaseAsync()
    {
        var name = $"t{Environment.ProcessId}_{Interlocked.Increment(ref _databaseCount)}";
        await using (var admin = new NpgsqlConnection(AdminConnectionString))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\" TEMPLATE template0", admin);
            await create.ExecuteNonQueryAsync();
        }

        return new TestDatabase(this, name);
    }

    /// <summary>Docker commands for fault injection (pause, kill...).</summary>
    public string ContainerId => _container.Id;
}
