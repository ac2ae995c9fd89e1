using CocktailDb.Ops.Cli;
using CocktailDb.Ops.Configuration;
using Npgsql;

namespace CocktailDb.Ops.Database;

/// <summary>The data source and the one connection a command uses, closed together.</summary>
internal sealed class DbSession : IAsyncDisposable
{
    private DbSession(NpgsqlDataSource dataSource, NpgsqlConnection connection)
    {
        DataSource = dataSource;
        Connection = connection;
    }

    /// <summary>For a second connection when one is needed (see LockWatch); same settings.</summary>
    public NpgsqlDataSource DataSource { get; }

    public NpgsqlConnection Connection { get; }

    /// <param name="defaults">What the session starts with; <see cref="SessionDefaults.Plain"/> when null.</param>
    public static async Task<DbSession> OpenAsync(ConnectionOptions options, string command, CancellationToken ct, SessionDefaults? defaults = null)
    {
        defaults ??= SessionDefaults.Plain;
        var dataSource = Db.Create(options, command, Log.Warn, defaults);
        try
        {
            return new DbSession(dataSource, await Db.OpenAsync(dataSource, ct));
        }
        catch (OpsException ex) when (defaults.CheckConnection && ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UndefinedObject })
        {
            // PostgreSQL before 14 refuses the unknown client_connection_check_interval at
            // startup; such a server just goes without the check.
            await dataSource.DisposeAsync();
            dataSource = Db.Create(options, command, Log.Warn, defaults with { CheckConnection = false });
        }
        catch
        {
            await dataSource.DisposeAsync();
            throw;
        }

        try
        {
            return new DbSession(dataSource, await Db.OpenAsync(dataSource, ct));
        }
        catch
        {
            await dataSource.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Connection.DisposeAsync();
        await DataSource.DisposeAsync();
    }
}
