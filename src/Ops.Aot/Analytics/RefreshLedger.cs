using Npgsql;

namespace CocktailDb.Ops.Analytics;

/// <summary>
/// The writes of a refresh in analytics_refresh_runs. The claim is a committed row, not a
/// lock held by a connection: it outlives a dropped connection (so no second refresh starts
/// while the first one runs) and expires on its own if whoever claimed it dies.
/// </summary>
internal static class RefreshLedger
{
    /// <summary>This cluster's identity: a run row restored from another cluster's dump carries a different one.</summary>
    public const string ThisCluster = "(SELECT system_identifier FROM pg_control_system())";

    /// <summary>
    /// A claim whose holder stopped before recording a result, or a row restored from another
    /// cluster (whose run is not running here), no longer holds the slot.
    /// </summary>
    private const string ExpireStaleClaims =
        "UPDATE analytics_refresh_runs SET result = 'expired', finished_at = now(), " +
        "detail = CASE WHEN cluster_id <> " + ThisCluster + " THEN 'restored from a dump of another cluster: that run is not running here' " +
        "ELSE 'claim expired: whoever ran it stopped before recording a result' END " +
        "WHERE result = 'running' AND (claim_expires_at < now() OR cluster_id <> " + ThisCluster + ")";

    /// <summary>
    /// Claims the one refresh slot: free when no run holds a live claim and no earlier run's
    /// database work goes on (<see cref="PreviousRunWork"/>). Returns the claim, or null with what
    /// holds the slot. In the same transaction, log rows whose transaction id lies beyond anything
    /// this cluster has handed out (restored from a dump of another cluster) are given the claim's
    /// own id, so the snapshot taken next covers them; left alone they would look like
    /// transactions still to come, never be covered, and keep a refresh running back to back
    /// forever. A row this cluster wrote has an id below the statement's snapshot xmax by
    /// construction: only its writer's commit made it visible, so the rewrite cannot touch one.
    /// </summary>
    /// <param name="invocationId">The systemd invocation that runs the refresh, when it is a unit.</param>
    public static async Task<(long? RunId, string? HeldBy)> TryClaimAsync(NpgsqlConnection connection, string claimedBy, TimeSpan claimFor, string? invocationId, CancellationToken ct)
    {
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await using var batch = new NpgsqlBatch(connection, transaction)
        {
            BatchCommands =
            {
                new NpgsqlBatchCommand(ExpireStaleClaims),
                new NpgsqlBatchCommand(
                    "INSERT INTO analytics_refresh_runs (claimed_by, claim_expires_at, invocation_id, cluster_id) " +
                    $"SELECT $1, now() + $2, $3, {ThisCluster} WHERE NOT EXISTS ({PreviousRunWork.Sql}) " +
                    "ON CONFLICT DO NOTHING RETURNING id")
                {
                    Parameters =
                    {
                        new NpgsqlParameter { Value = claimedBy },
                        new NpgsqlParameter { Value = claimFor },
                        new NpgsqlParameter { Value = (object?)invocationId ?? DBNull.Value, DataTypeName = "text" },
                    },
                },
                new NpgsqlBatchCommand(
                    "UPDATE analytics_changes SET xid = pg_current_xact_id() WHERE xid >= pg_snapshot_xmax(pg_current_snapshot())"),
            },
        };
        var id = await batch.ExecuteScalarAsync(ct) is long claimed ? claimed : (long?)null;
        string? heldBy = null;
        if (id is null)
        {
            heldBy = await PreviousRunWork.FindAsync(connection, ct) is { } work
                ? work.Describe()
                : await RunningRefreshAsync(connection, ct);
        }

        await transaction.CommitAsync(ct);
        return (id, heldBy);
    }

    private static async Task<string> RunningRefreshAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("SELECT format('refresh %s (%s) is running', id, claimed_by) FROM analytics_refresh_runs WHERE result = 'running'", connection);
        return await command.ExecuteScalarAsync(ct) as string ?? "another refresh is running";
    }

    /// <summary>
    /// Records the snapshot the refresh covers, just before the job starts: everything visible in
    /// it is committed and will be seen by the job; everything else stays for the next refresh.
    /// Taken after the claim committed, so the claim's rewrite of restored rows is visible in it.
    /// Returns how many unprocessed changes the snapshot covers.
    /// </summary>
    public static async Task<long> MarkStartedAsync(NpgsqlConnection connection, long runId, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(
            """
            WITH started AS (
                UPDATE analytics_refresh_runs SET covers = pg_current_snapshot(), started_at = now() WHERE id = $1 RETURNING covers)
            SELECT count(*) FROM analytics_changes, started WHERE pg_visible_in_snapshot(xid, started.covers)
            """,
            connection);
        command.Parameters.Add(new NpgsqlParameter { Value = runId });
        return (long)(await command.ExecuteScalarAsync(ct))!;
    }

    /// <summary>Gives back a claim that turned out not to be needed (another checker just refreshed).</summary>
    public static async Task ReleaseUnusedAsync(NpgsqlConnection connection, long runId, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("DELETE FROM analytics_refresh_runs WHERE id = $1 AND started_at IS NULL", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = runId });
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>The run of a systemd invocation that is still open (running, or expired while it ran); null if none.</summary>
    public static async Task<long?> FindByInvocationAsync(NpgsqlConnection connection, string invocationId, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(
            "SELECT id FROM analytics_refresh_runs WHERE invocation_id = $1 AND result IN ('running', 'expired') ORDER BY id DESC LIMIT 1",
            connection);
        command.Parameters.Add(new NpgsqlParameter { Value = invocationId });
        return await command.ExecuteScalarAsync(ct) is long id ? id : null;
    }

    /// <summary>
    /// Records success and forgets exactly the changes the refresh covered, in one transaction.
    /// A run whose claim expired while it ran still did see what it covered: its changes are
    /// forgotten too, and it counts as a success (no backoff after it). A run row restored from
    /// another cluster forgets nothing: its snapshot is that cluster's. Old run rows are pruned
    /// here (the table is a recent history, not an archive). Returns how many changes were forgotten.
    /// </summary>
    public static async Task<long> MarkSucceededAsync(NpgsqlConnection connection, long runId, string? detail, CancellationToken ct)
    {
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await using var batch = new NpgsqlBatch(connection, transaction)
        {
            BatchCommands =
            {
                new NpgsqlBatchCommand(
                    "DELETE FROM analytics_changes WHERE pg_visible_in_snapshot(xid, " +
                    $"(SELECT covers FROM analytics_refresh_runs WHERE id = $1 AND (cluster_id IS NULL OR cluster_id = {ThisCluster})))")
                {
                    Parameters = { new NpgsqlParameter { Value = runId } },
                },
                new NpgsqlBatchCommand(
                    $"UPDATE analytics_refresh_runs SET result = CASE WHEN cluster_id <> {ThisCluster} THEN result ELSE 'succeeded' END, " +
                    "finished_at = now(), exit_code = 0, " +
                    "detail = coalesce($2, CASE result WHEN 'expired' THEN 'finished after its claim had expired' END, detail) WHERE id = $1")
                {
                    Parameters = { new NpgsqlParameter { Value = runId }, new NpgsqlParameter { Value = (object?)detail ?? DBNull.Value, DataTypeName = "text" } },
                },
                new NpgsqlBatchCommand("DELETE FROM analytics_refresh_runs WHERE finished_at < now() - interval '30 days'"),
            },
        };
        await batch.ExecuteNonQueryAsync(ct);
        var forgotten = batch.BatchCommands[0].RecordsAffected;
        await transaction.CommitAsync(ct);
        return forgotten;
    }

    /// <summary>Records a failure: the covered changes stay, so the refresh is retried.</summary>
    /// <param name="exitCode">The job's own exit status, when it exited; never the status of a tool that started it.</param>
    public static async Task MarkFailedAsync(NpgsqlConnection connection, long runId, int? exitCode, string detail, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(
            "UPDATE analytics_refresh_runs SET result = CASE result WHEN 'running' THEN 'failed' ELSE result END, " +
            "finished_at = now(), exit_code = $2, detail = $3 WHERE id = $1",
            connection);
        command.Parameters.Add(new NpgsqlParameter { Value = runId });
        command.Parameters.Add(new NpgsqlParameter { Value = exitCode is { } code ? code : DBNull.Value, DataTypeName = "integer" });
        command.Parameters.Add(new NpgsqlParameter { Value = detail });
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>
    /// Records a refresh that could not even be started (the unit is missing, polkit refused), or
    /// a run of the unit that failed before it could record itself (<paramref name="invocationId"/>):
    /// a failed run of its own, so `status` shows it and the next try waits for the backoff.
    /// Nothing is claimed and no change is touched.
    /// </summary>
    public static async Task RecordStartFailureAsync(NpgsqlConnection connection, string claimedBy, string detail, CancellationToken ct, string? invocationId = null)
    {
        await using var command = new NpgsqlCommand(
            "INSERT INTO analytics_refresh_runs (claimed_by, claim_expires_at, finished_at, result, detail, invocation_id, cluster_id) " +
            $"VALUES ($1, now(), now(), 'failed', $2, $3, {ThisCluster})",
            connection);
        command.Parameters.Add(new NpgsqlParameter { Value = claimedBy });
        command.Parameters.Add(new NpgsqlParameter { Value = detail });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)invocationId ?? DBNull.Value, DataTypeName = "text" });
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Whether any run row carries this systemd invocation id (it recorded itself, or was recorded as failed).</summary>
    public static async Task<bool> HasInvocationAsync(NpgsqlConnection connection, string invocationId, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("SELECT EXISTS (SELECT 1 FROM analytics_refresh_runs WHERE invocation_id = $1)", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = invocationId });
        return (bool)(await command.ExecuteScalarAsync(ct))!;
    }
}
