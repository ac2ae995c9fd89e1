using System.Security.Cryptography;
using Npgsql;

namespace CocktailDb.Ops.Host.Tests.Harness;

/// <summary>
/// The CocktailDB database on the simulated host's own PostgreSQL, as the API's deployment
/// leaves it before cocktaildb-ops arrives: a database owned by the API's role, whose password
/// is new for every run and lives only in /opt/cocktaildb/.env (written for Docker Compose,
/// so its '$' is written '$$'). The API's edits reach it over the published port.
/// </summary>
internal sealed class HostDatabase
{
    public const string Name = "cocktaildb";
    public const string ApiRole = "cocktaildb_app";
    public const string EnvFile = "/opt/cocktaildb/.env";

    /// <summary>The API role's password: random, with a '$' so the Compose escape is exercised.</summary>
    public string Password { get; } = "pw" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12)) + "$x";

    /// <summary>A part of the password no log line could hold by chance, whichever way '$' was written.</summary>
    public string PasswordCore => Password[..^2];

    /// <summary>The env file as the API's deployment writes it (DB_HOST is the host itself).</summary>
    public string EnvFileText => $"""
        # Written by the API's deployment (Docker Compose reads it too: $$ stands for $).
        DB_HOST=127.0.0.1
        DB_PORT=5432
        DB_USER={ApiRole}
        DB_PASSWORD={Password.Replace("$", "$$", StringComparison.Ordinal)}
        DB_NAME={Name}

        """;

    /// <summary>Creates the role, the database and the env file (mode 0644, root's: the deploy tightens it).</summary>
    public async Task CreateAsync(HostShell shell)
    {
        // The password goes over ssh's standard input, on no command line.
        await shell.RootCheckedAsync(
            $"runuser -u postgres -- psql -X -q -v ON_ERROR_STOP=1 -d postgres",
            $"""
            CREATE ROLE {ApiRole} LOGIN PASSWORD '{Password}';
            CREATE DATABASE {Name} OWNER {ApiRole};

            """);
        await shell.RootCheckedAsync($"install -d -m 0755 /opt/cocktaildb && cat > {EnvFile} && chmod 0644 {EnvFile}", EnvFileText);
    }

    /// <summary>A connection as the API role, through the PostgreSQL port published on 127.0.0.1.</summary>
    public async Task<NpgsqlConnection> OpenAsApiAsync(int publishedPort)
    {
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = publishedPort,
            Username = ApiRole,
            Password = Password,
            Database = Name,
            // A fresh pool per host: a restarted host is a new server behind a new port.
            Pooling = false,
        }.ConnectionString);
        await connection.OpenAsync();
        return connection;
    }
}
