using Npgsql;

namespace CocktailDb.Ops.Analytics;

/// <summary>
/// Database work of the last refresh that still goes on after its job ended. A job killed by
/// systemd (a stop, a timeout, SIGKILL) is gone, but a statement it had sent runs on in its
/// server session, and an autocommit statement may even commit, until the server next writes to
/// the dead socket: with PostgreSQL's default client_connection_check_interval (0) that is when
/// the statement ends. The refresh slot stays taken until that work is over, so the next run
/// never works beside it.
/// </summary>
/// <param name="RunId">The run whose work it is.</param>
/// <param name="Pid">The server process still at it.</param>
/// <param name="Since">When that statement or transaction began.</param>
/// <param name="State">pg_stat_activity.state: active, idle in transaction, ...</param>
internal sealed record PreviousRunWork(long RunId, int Pid, DateTime Since, string State)
{
    /// <summary>
    /// The sessions at work for the newest refresh that ran and did not end in success: those
    /// that connected after the run started and are in a statement or transaction they began
    /// before the run ended (for an expired claim: before it expired, when systemd had ended every
    /// process of the run). The real job connects from its own process or container, usually as
    /// the role the hooks connect as, without a name of its own; these are the facts PostgreSQL
    /// has about such sessions. A session of another role is visible here only to members of
    /// pg_read_all_stats (its state reads NULL otherwise), so the hooks should connect as the
    /// job's role. A site's own short transactions that happened to begin just before the run
    /// ended delay the next refresh by as long as they last, no more.
    /// </summary>
    public const string Sql = $"""
        SELECT r.id, a.pid, a.since, a.state
        FROM (SELECT * FROM (SELECT id, result, started_at, least(finished_at, claim_expires_at) AS ended_at, cluster_id
                             FROM analytics_refresh_runs
                             WHERE started_at IS NOT NULL AND finished_at IS NOT NULL
                             ORDER BY id DESC LIMIT 1) AS newest
              WHERE result <> 'succeeded' AND (cluster_id IS NULL OR cluster_id = {RefreshLedger.ThisCluster})) AS r
        CROSS JOIN LATERAL (
            SELECT a.pid, coalesce(a.xact_start, a.query_start) AS since, a.state
            FROM pg_stat_activity a
            WHERE a.backend_start >= r.started_at
              AND a.state <> 'idle'
              AND coalesce(a.xact_start, a.query_start) < r.ended_at
              AND a.backend_type = 'client backend'
              AND a.pid <> pg_backend_pid()
            ORDER BY 2
            LIMIT 1) AS a
        """;

    public static async Task<PreviousRunWork?> FindAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(Sql, connection);
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct)
            ? new PreviousRunWork(reader.GetInt64(0), reader.GetInt32(1), reader.GetDateTime(2), reader.GetString(3))
            : null;
    }

    public string Describe() =>
        $"refresh {RunId}'s database work is still going on after its job ended (server process {Pid}, {State} since {Since:yyyy-MM-dd HH:mm:ss} UTC); " +
        "the next refresh starts once it is over";
}
