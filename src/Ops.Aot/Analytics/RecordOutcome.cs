using CocktailDb.Ops.Cli;
using CocktailDb.Ops.Database;
using Npgsql;

namespace CocktailDb.Ops.Analytics;

/// <summary>
/// Writes the outcome of a refresh on a new connection (the job may have run for an hour, and
/// the database may just be restarting), retrying for about half a minute. If every try fails the
/// claim simply expires later and the covered changes stay: a refresh too many, never a lost one.
/// </summary>
internal static class RecordOutcome
{
    private const int Attempts = 6;

    public static async Task WithRetriesAsync(NpgsqlDataSource dataSource, string what, Func<NpgsqlConnection, Task> record)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var connection = await Db.OpenAsync(dataSource, CancellationToken.None);
                await record(connection);
                return;
            }
            catch (Exception ex) when (attempt < Attempts && ex is OpsException or NpgsqlException)
            {
                Log.Warn($"{what} failed ({ex.Message}); retrying");
                await Task.Delay(TimeSpan.FromSeconds(2 * attempt));
            }
        }
    }
}
