using Npgsql;

namespace CocktailDb.Ops.Analytics;

/// <summary>
/// The writes of a refresh in analytics_refresh_runs. The claim is a committed row, not a
/// lock held by a connection: it outlives a dropped connection (so no second refresh starts
/// while the first one runs) and expires on its own if its checker dies.
/// </summary>
internal static class RefreshLedger
{
    /// <summary>Claims the one refresh slot; null when another checker holds it.</summary>
    public static async Task<long?> TryClaimAsync(NpgsqlConnection connection, string claimedBy, TimeSpan claimFor, CancellationToken ct)
    {
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await using var batch = new NpgsqlBatch(connection, transaction)
        {
            BatchCommands =
            {
                new NpgsqlBatchCommand(
                    "UPDATE analytics_refresh_runs SET result = 'expired', finished_at = now(), " +
                    "detail = 'claim expired: its checker stopped before recording a result' " +
                    "WHERE result = 'running' AND claim_expires_at < now()"),
                new NpgsqlBatchCommand(
                    "INSERT INTO analytics_refresh_runs (claimed_by, claim_expires_at) VALUES ($1, now() + $2) " +
                    "ON CONFLICT DO NOTHING RETURNING id")
                {
                    Parameters = { new NpgsqlParameter { Value = claimedBy }, new NpgsqlParameter { Value = claimFor } },
                },
            },
        };
        var id = await batch.ExecuteScalarAsync(ct) is long claimed ? claimed : (long?)null;
        await transaction.CommitAsync(ct);
        return id;
    }

    /// <summary>
    /// Records the snapshot the refresh covers, just before the job starts: everything visible in
    /// it is committed and will be seen by the job; everything else stays for the next refresh.
    /// </summary>
    public static Task MarkStartedAsync(NpgsqlConnection connection, long runId, CancellationToken ct) =>
        ExecuteAsync(connection, "UPDATE analytics_refresh_runs SET covers = pg_current_snapshot(), started_at = now() WHERE id = $1", ct, runId);

    /// <summary>Gives back a claim that turned out not to be needed (another checker just refreshed).</summary>
    public static Task ReleaseUnusedAsync(NpgsqlConnection connection, long runId, CancellationToken ct) =>
        ExecuteAsync(connection, "DELETE FROM analytics_refresh_runs WHERE id = $1 AND started_at IS NULL", ct, runId);

    /// <summary>
    /// Records success and forgets exactly the changes the refresh covered, in one transaction.
    /// Old run rows are pruned here too (the table is a recent history, not an archive).
    /// </summary>
    public static async Task MarkSucceededAsync(NpgsqlConnection connection, long runId, CancellationToken ct)
    {
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await using var batch = new NpgsqlBatch(connection, transaction)
        {
            BatchCommands =
            {
                new NpgsqlBatchCommand(
                    "DELETE FROM analytics_changes WHERE pg_visible_in_snapshot(xid, (SELECT covers FROM analytics_refresh_runs WHERE id = $1))")
                {
                    Parameters = { new NpgsqlParameter { Value = runId } },
                },
                new NpgsqlBatchCommand(
                    "UPDATE analytics_refresh_runs SET result = 'succeeded', finished_at = now(), exit_code = 0 WHERE id = $1")
                {
                    Parameters = { new NpgsqlParameter { Value = runId } },
                },
                new NpgsqlBatchCommand("DELETE FROM analytics_refresh_runs WHERE finished_at < now() - interval '30 days'"),
            },
        };
        await batch.ExecuteNonQueryAsync(ct);
        await transaction.CommitAsync(ct);
    }

    /// <summary>Records a failure: the covered changes stay, so the refresh is retried.</summary>
    public static async Task MarkFailedAsync(NpgsqlConnection connection, long runId, int? exitCode, string detail, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(
            "UPDATE analytics_refresh_runs SET result = 'failed', finished_at = now(), exit_code = $2, detail = $3 WHERE id = $1",
            connection);
        command.Parameters.Add(new NpgsqlParameter { Value = runId });
        command.Parameters.Add(new NpgsqlParameter { Value = exitCode is { } code ? code : DBNull.Value, DataTypeName = "integer" });
        command.Parameters.Add(new NpgsqlParameter { Value = detail });
        await command.ExecuteNonQueryAsync(ct);
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken ct, long runId)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.Add(new NpgsqlParameter { Value = runId });
        await command.ExecuteNonQueryAsync(ct);
    }
}
