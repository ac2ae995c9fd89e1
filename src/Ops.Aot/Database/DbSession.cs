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

    public NpgsqlDataSource DataSource { get; }

    public NpgsqlConnection Connection { get; }

    public static async Task<DbSession> OpenAsync(ConnectionOptions options, string command, CancellationToken ct)
    {
        var dataSource = Db.Create(options, command, Log.Warn);
        try
        {
            var connection = await Db.OpenAsync(dataSource, ct);
            if (connection.PostgreSqlVersion.Major >= 14)
            {
                // Have the server notice within seconds when this process dies (SIGKILL, lost
                // host) even while a statement runs, so its transaction is rolled back and its
                // locks released promptly instead of when that statement ends.
                await using var setCheck = new NpgsqlCommand("SET client_connection_check_interval = '2s'", connection);
                await setCheck.ExecuteNonQueryAsync(ct);
            }

            return new DbSession(dataSource, connection);
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
