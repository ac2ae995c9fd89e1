using CocktailDb.Ops.Cli;
using Npgsql;

namespace CocktailDb.Ops.Analytics;

/// <summary>Reads <see cref="AnalyticsState"/>: one round trip, no writes (an idle tick costs just this).</summary>
internal static class AnalyticsStateReader
{
    private const string RunColumns = "id, claimed_by, claim_expires_at, started_at, finished_at, result, exit_code, detail";

    private const string Sql = $"""
        SELECT now(),
               (SELECT count(*) FROM analytics_changes),
               (SELECT min(first_change_at) FROM analytics_changes),
               (SELECT max(coalesce(seen_at, now())) FROM analytics_changes),
               (SELECT count(*) FROM analytics_refresh_runs
                 WHERE result = 'failed'
                   AND id > coalesce((SELECT max(id) FROM analytics_refresh_runs WHERE result = 'succeeded'), 0)),
               running.*, last.*,
               (SELECT max(finished_at) FROM analytics_refresh_runs WHERE result = 'failed'),
               (SELECT count(*) FROM analytics_changes WHERE seen_at IS NULL),
               (SELECT max(seen_at) FROM analytics_changes),
               work.*
        FROM (SELECT 1) AS one
        LEFT JOIN (SELECT {RunColumns} FROM analytics_refresh_runs
                   WHERE result = 'running' AND (cluster_id IS NULL OR cluster_id = {RefreshLedger.ThisCluster})) AS running ON true
        LEFT JOIN (SELECT {RunColumns} FROM analytics_refresh_runs WHERE result NOT IN ('running', 'skipped')
                   ORDER BY id DESC LIMIT 1) AS last ON true
        LEFT JOIN ({PreviousRunWork.Sql}) AS work ON true
        """;

    /// <summary>
    /// Stamps changes seen committed for the first time with the database's time: the quiet
    /// period counts from there. (A writer cannot stamp its own commit time without a second
    /// write in every transaction; a check runs every minute, so this is at most a tick late,
    /// never early.) Only a tick with unprocessed changes writes; an idle tick does not.
    /// </summary>
    public static async Task MarkSeenAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("UPDATE analytics_changes SET seen_at = now() WHERE seen_at IS NULL", connection);
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Whether migration 14's tables exist in this database.</summary>
    public static async Task<bool> IsInstalledAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("SELECT to_regclass('analytics_changes') IS NOT NULL AND to_regclass('analytics_refresh_runs') IS NOT NULL", connection);
        return (bool)(await command.ExecuteScalarAsync(ct))!;
    }

    public static async Task<AnalyticsState> ReadAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(Sql, connection);
        try
        {
            await using var reader = await command.ExecuteReaderAsync(ct);
            await reader.ReadAsync(ct);
            return new AnalyticsState(
                reader.GetDateTime(0),
                reader.GetInt64(1),
                reader.IsDBNull(2) ? null : reader.GetDateTime(2),
                reader.IsDBNull(3) ? null : reader.GetDateTime(3),
                ReadRun(reader, 5),
                ReadRun(reader, 13),
                (int)reader.GetInt64(4),
                reader.IsDBNull(21) ? null : reader.GetDateTime(21),
                reader.GetInt64(22),
                reader.IsDBNull(23) ? null : reader.GetDateTime(23),
                reader.IsDBNull(24) ? null : new PreviousRunWork(reader.GetInt64(24), reader.GetInt32(25), reader.GetDateTime(26), reader.GetString(27)));
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            throw OpsException.Configuration(
                $"database {connection.Database} has no analytics change tracking ({ex.MessageText}); run 'cocktaildb-ops migrate' to install it.");
        }
    }

    private static RefreshRun? ReadRun(NpgsqlDataReader reader, int first) =>
        reader.IsDBNull(first)
            ? null
            : new RefreshRun(
                reader.GetInt64(first),
                reader.GetString(first + 1),
                reader.GetDateTime(first + 2),
                reader.IsDBNull(first + 3) ? null : reader.GetDateTime(first + 3),
                reader.IsDBNull(first + 4) ? null : reader.GetDateTime(first + 4),
                reader.GetString(first + 5),
                reader.IsDBNull(first + 6) ? null : reader.GetInt32(first + 6),
                reader.IsDBNull(first + 7) ? null : reader.GetString(first + 7));
}
