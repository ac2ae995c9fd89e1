using System.Net.Sockets;
using CocktailDb.Ops.Cli;
using CocktailDb.Ops.Configuration;
using Npgsql;

namespace CocktailDb.Ops.Database;

/// <summary>
/// The one data source of a process. Built with the slim builder (a smaller binary) with
/// TLS enabled explicitly: without it, sslmode=prefer silently talks plaintext to a TLS
/// server and sslmode=require fails.
/// </summary>
internal static class Db
{
    /// <param name="defaults">Session settings to send at startup (see SessionDefaults), or null for none.</param>
    public static NpgsqlDataSource Create(ConnectionOptions options, string command, Action<string> warn, SessionDefaults? defaults = null)
    {
        var settings = DatabaseSettings.Resolve(options, $"cocktaildb-ops {command} on {Environment.MachineName}", warn);
        if (defaults?.StartupOptions() is { Length: > 0 } startup)
        {
            // After any Options the connection setting carries, so ours win where both set something.
            settings.Options = string.IsNullOrWhiteSpace(settings.Options) ? startup : settings.Options + " " + startup;
        }

        var builder = new NpgsqlSlimDataSourceBuilder(settings.ConnectionString);
        builder.EnableTransportSecurity();
        // Only built-in types are read, whose OIDs are fixed: loading pg_type on every connect
        // would cost more server time than the rest of an idle debounce tick.
        builder.ConfigureTypeLoading(types => types.EnableTypeLoading(false));
        return builder.Build();
    }

    /// <summary>Opens a connection, turning every way that can fail into exit 5 with host and port named.</summary>
    public static async Task<NpgsqlConnection> OpenAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        try
        {
            return await dataSource.OpenConnectionAsync(cancellationToken);
        }
        catch (PostgresException ex)
        {
            throw new OpsException(ExitCodes.CannotConnect, $"cannot connect to {Where(dataSource)}: {ex.MessageText} [{ex.SqlState}]", ex);
        }
        catch (NpgsqlException ex) when (ex.InnerException is SocketException or TimeoutException or IOException or System.Security.Authentication.AuthenticationException)
        {
            throw new OpsException(ExitCodes.CannotConnect, $"cannot connect to {Where(dataSource)}: {ex.InnerException!.Message}", ex);
        }
        catch (NpgsqlException ex)
        {
            throw new OpsException(ExitCodes.CannotConnect, $"cannot connect to {Where(dataSource)}: {ex.Message}", ex);
        }
        catch (SocketException ex)
        {
            throw new OpsException(ExitCodes.CannotConnect, $"cannot connect to {Where(dataSource)}: {ex.Message}", ex);
        }
    }

    // Called only once a connection failed: parsing the connection string again on every
    // connect cost a no-op migrate about 0.3 ms.
    private static string Where(NpgsqlDataSource dataSource)
    {
        var settings = new NpgsqlConnectionStringBuilder(dataSource.ConnectionString);
        return $"{settings.Host}:{settings.Port} (database {settings.Database}, user {settings.Username})";
    }
}
