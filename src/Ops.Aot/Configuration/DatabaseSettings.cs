using CocktailDb.Ops.Cli;
using CocktailDb.Ops.Shared.Connection;
using Npgsql;

namespace CocktailDb.Ops.Configuration;

/// <summary>
/// Resolves the database to use: --connection when given; otherwise each DB_* variable from
/// the process environment, else from the env file (README, "Commands of the binary"). A missing setting is
/// exit 6 naming the variable.
/// </summary>
internal static class DatabaseSettings
{
    public const string DefaultEnvFile = "/opt/cocktaildb/.env";

    private static readonly string[] Required = ["DB_HOST", "DB_PORT", "DB_USER", "DB_PASSWORD", "DB_NAME"];

    /// <summary>Builds the connection string; <paramref name="applicationName"/> shows in pg_stat_activity.</summary>
    public static NpgsqlConnectionStringBuilder Resolve(ConnectionOptions options, string applicationName, Action<string> warn)
    {
        NpgsqlConnectionStringBuilder builder;
        if (options.Connection is { Length: > 0 } connection)
        {
            builder = FromConnectionOption(connection);
            // Keep the password off the command line: --connection without one takes DB_PASSWORD.
            if (string.IsNullOrEmpty(builder.Password) && Lookup("DB_PASSWORD", options, warn) is { } password)
            {
                builder.Password = password;
            }
        }
        else
        {
            builder = FromVariables(LoadVariables(options.EnvFile, warn), options.FileFirst);
        }

        builder.ApplicationName = applicationName;
        builder.Timeout = builder.Timeout is 15 ? 10 : builder.Timeout; // fail fast at 3 a.m.; Npgsql's default is 15 s
        builder.CommandTimeout = 0; // migrations and lock waits are bounded by our own timeouts
        builder.Pooling = false; // one short-lived process: a pool only delays the disconnect
        builder.Multiplexing = false;
        // Without this Npgsql first asks for GSS encryption, which PostgreSQL refuses on a
        // connection it then closes: every process would open two connections instead of one.
        builder.GssEncryptionMode = GssEncryptionMode.Disable;
        builder.IncludeFailedBatchedCommand = true; // to name the failing statement of a migration
        builder.IncludeErrorDetail = true; // PostgreSQL's DETAIL says which row broke a constraint
        return builder;
    }

    public static string? Lookup(string name, ConnectionOptions options, Action<string> warn) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } value
            ? value
            : LoadVariables(options.EnvFile, warn).GetValueOrDefault(name);

    // A command may look up several settings (debounce: ANALYTICS_DEBOUNCE_MINUTES, then DB_*):
    // the file is read, and a warning about it given, once per process.
    private static (string Path, Dictionary<string, string> Values)? _loaded;

    private static Dictionary<string, string> LoadVariables(string? envFile, Action<string> warn)
    {
        var path = envFile ?? (File.Exists(DefaultEnvFile) ? DefaultEnvFile : null);
        if (path is null)
        {
            return [];
        }

        if (_loaded is { } loaded && loaded.Path == path)
        {
            return loaded.Values;
        }

        var values = ReadEnvFile(path, warn);
        _loaded = (path, values);
        return values;
    }

    private static Dictionary<string, string> ReadEnvFile(string path, Action<string> warn)
    {
        if (!File.Exists(path))
        {
            throw OpsException.Configuration($"env file {path} does not exist; pass --env-file with the right path or set the DB_* variables");
        }

        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (UnauthorizedAccessException)
        {
            throw OpsException.Configuration($"env file {path} is not readable by this user; run as the service account (cocktaildb) or with sudo");
        }

        if ((File.GetUnixFileMode(path) & UnixFileMode.OtherRead) != 0)
        {
            warn($"env file {path} is readable by every user on this host and holds the database password; run: chmod o-r {path}");
        }

        return EnvFile.Parse(text, path);
    }

    private static NpgsqlConnectionStringBuilder FromVariables(Dictionary<string, string> file, bool fileFirst)
    {
        string? FromFile(string name) => file.TryGetValue(name, out var value) && value.Length > 0 ? value : null;
        string? FromEnvironment(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : null;
        string? Find(string name) => fileFirst ? FromFile(name) ?? FromEnvironment(name) : FromEnvironment(name) ?? FromFile(name);
        string Get(string name) =>
            Find(name) ?? throw OpsException.Configuration($"{name} is not set; set it in the environment or in the env file ({DefaultEnvFile} or --env-file), or pass --connection");

        var values = Required.ToDictionary(n => n, Get);
        if (!int.TryParse(values["DB_PORT"], out var port) || port is < 1 or > 65535)
        {
            throw OpsException.Configuration($"DB_PORT must be a TCP port number, got '{values["DB_PORT"]}'");
        }

        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = values["DB_HOST"],
            Port = port,
            Username = values["DB_USER"],
            Password = values["DB_PASSWORD"],
            Database = values["DB_NAME"],
        };
        if (Find("DB_SSLMODE") is { } sslMode)
        {
            builder.SslMode = ParseSslMode(sslMode);
        }

        return builder;
    }

    private static NpgsqlConnectionStringBuilder FromConnectionOption(string connection) =>
        ConnectionText.TryParse(connection)
        ?? throw OpsException.Configuration("--connection is not a valid postgres:// URL or connection string (Host=...;Username=...;Database=...)");

    private static SslMode ParseSslMode(string value) => value.ToLowerInvariant() switch
    {
        "disable" => SslMode.Disable,
        "allow" => SslMode.Allow,
        "prefer" => SslMode.Prefer,
        "require" => SslMode.Require,
        "verify-ca" => SslMode.VerifyCA,
        "verify-full" => SslMode.VerifyFull,
        _ => throw OpsException.Configuration($"DB_SSLMODE '{value}' is not one of disable, allow, prefer, require, verify-ca, verify-full"),
    };
}
