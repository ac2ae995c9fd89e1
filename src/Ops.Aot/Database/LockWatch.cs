using Npgsql;

namespace CocktailDb.Ops.Database;

/// <summary>
/// Looks, from a second connection, at what the working connection waits for and who holds it,
/// while the working connection is busy. After a lock timeout the waiting is over and the
/// holder can no longer be found from the lock queue, so it has to be seen during the wait.
/// The connection is opened only once some work has run for a while (quick work never pays
/// for it) and is then kept for later work, so a retry is watched from its first moment.
/// </summary>
internal sealed class LockWatch(NpgsqlDataSource dataSource, int pid) : IAsyncDisposable
{
    private static readonly TimeSpan MaxPoll = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MinPoll = TimeSpan.FromMilliseconds(50);

    private NpgsqlConnection? _connection;
    private LockWait? _seen;

    /// <summary>Why the holder could not be looked up, when it could not.</summary>
    public string? Problem { get; private set; }

    /// <summary>
    /// Runs <paramref name="work"/> on the working connection while watching it. Afterwards
    /// <see cref="SeenFor"/> tells what a statement of it was seen waiting for.
    /// </summary>
    /// <param name="lockTimeout">The shortest lock timeout the work runs with: it is looked at several times within it.</param>
    public async Task<T> WhileAsync<T>(Func<Task<T>> work, TimeSpan lockTimeout, CancellationToken ct)
    {
        _seen = null;
        var poll = TimeSpan.FromTicks(Math.Clamp(lockTimeout.Ticks / 4, MinPoll.Ticks, MaxPoll.Ticks));
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var watching = WatchAsync(poll, stop.Token);
        try
        {
            return await work();
        }
        finally
        {
            await stop.CancelAsync();
            await watching;
        }
    }

    /// <summary>The last wait seen during the last <see cref="WhileAsync"/> if <paramref name="statement"/> was the one waiting.</summary>
    public LockWait? SeenFor(string statement) =>
        // pg_stat_activity keeps only the start of a long statement (track_activity_query_size).
        _seen is { } seen && statement.StartsWith(seen.Query, StringComparison.Ordinal) ? seen : null;

    public async ValueTask DisposeAsync()
    {
        if (_connection is not null)
        {
            await _connection.DisposeAsync();
        }
    }

    private async Task WatchAsync(TimeSpan poll, CancellationToken stop)
    {
        try
        {
            while (true)
            {
                await Task.Delay(poll, stop);
                if (await ConnectionAsync(stop) is not { } connection)
                {
                    return;
                }

                // Not cancelled mid-query: the connection stays usable for the next work.
                if (await LookAsync(connection, pid) is { } wait)
                {
                    _seen = wait;
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
        catch (NpgsqlException ex)
        {
            Problem = "looking it up failed: " + ex.Message;
            await DisposeAsync();
            _connection = null;
        }
    }

    private async Task<NpgsqlConnection?> ConnectionAsync(CancellationToken stop)
    {
        if (_connection is not null || Problem is not null)
        {
            return _connection;
        }

        try
        {
            var connection = await dataSource.OpenConnectionAsync(stop);
            await using (var name = new NpgsqlCommand("SELECT set_config('application_name', left(current_setting('application_name') || ' (lock watch)', 63), false)", connection))
            {
                await name.ExecuteNonQueryAsync(CancellationToken.None);
            }

            return _connection = connection;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Problem = "a second connection to look it up failed: " + ex.Message;
            return null;
        }
    }

    private static async Task<LockWait?> LookAsync(NpgsqlConnection connection, int pid)
    {
        // The first lock the session waits for, the sessions pg_blocking_pids says hold it up,
        // and which modes each holds on the same object.
        await using var command = new NpgsqlCommand(
            """
            WITH wanted AS (
                SELECT locktype, relation, mode FROM pg_locks WHERE pid = $1 AND NOT granted LIMIT 1
            )
            SELECT (SELECT query FROM pg_stat_activity WHERE pid = $1),
                   CASE w.locktype
                       WHEN 'relation' THEN w.mode || ' on ' || w.relation::regclass::text
                       WHEN 'virtualxid' THEN 'older transactions to end (' || w.mode || ' on virtualxid)'
                       WHEN 'transactionid' THEN 'a transaction that changed the same rows to end (' || w.mode || ' on transactionid)'
                       ELSE w.mode || ' on ' || w.locktype END,
                   a.pid, coalesce(a.application_name, ''),
                   coalesce(host(a.client_addr), CASE WHEN a.backend_start IS NOT NULL THEN 'local socket' END),
                   a.state, a.xact_start, a.query_start,
                   (SELECT string_agg(DISTINCT h.mode, ', ') FROM pg_locks h
                    WHERE h.pid = a.pid AND h.granted AND h.locktype = 'relation' AND h.relation = w.relation)
            FROM wanted w
            LEFT JOIN pg_stat_activity a ON a.pid = ANY (pg_blocking_pids($1))
            ORDER BY a.pid
            """,
            connection);
        command.Parameters.Add(new NpgsqlParameter { Value = pid });
        await using var reader = await command.ExecuteReaderAsync();
        string? query = null;
        string? wanted = null;
        var holders = new List<LockHolder>();
        while (await reader.ReadAsync())
        {
            query = reader.IsDBNull(0) ? string.Empty : reader.GetString(0);
            wanted = reader.GetString(1);
            if (!reader.IsDBNull(2))
            {
                holders.Add(new LockHolder(
                    reader.GetInt32(2),
                    reader.GetString(3),
                    reader.IsDBNull(4) ? null : reader.GetString(4),
                    reader.IsDBNull(5) ? null : reader.GetString(5),
                    reader.IsDBNull(6) ? null : reader.GetDateTime(6),
                    reader.IsDBNull(7) ? null : reader.GetDateTime(7),
                    reader.IsDBNull(8) ? null : reader.GetString(8)));
            }
        }

        return wanted is null ? null : new LockWait(query!, wanted, holders);
    }
}
