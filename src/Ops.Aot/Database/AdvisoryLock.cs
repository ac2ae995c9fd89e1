using System.Diagnostics;
using System.Globalization;
using CocktailDb.Ops.Cli;
using Npgsql;

namespace CocktailDb.Ops.Database;

/// <summary>
/// A session-level advisory lock held by the connection that does the work. It lives exactly
/// as long as that connection: a runner that dies (SIGKILL, lost network) releases it, unlike
/// the old bash script whose lock vanished with the psql process that took it.
/// Waiting polls pg_try_advisory_lock from autocommit, so a waiting runner never holds a
/// transaction open (a CREATE INDEX CONCURRENTLY in the holder would otherwise wait for it).
///
/// It is never given back by a command: every command that takes it ends its session right
/// after its work (never pooled, see DatabaseSettings), which releases it without a round trip.
/// An unlock of its own would run where the work left the connection: in an aborted
/// transaction, or after a cancelled query, where it fails and hides what really happened.
/// </summary>
internal sealed class AdvisoryLock(NpgsqlConnection connection, long key, string purpose)
{
    /// <summary>Serialises migrate, baseline and rollback across hosts.</summary>
    public const long MigrationsKey = 0x636b_7464_6d69_6772; // "cktdmigr"

    private static readonly TimeSpan MaxPoll = TimeSpan.FromMilliseconds(500);

    public bool Held { get; private set; }

    /// <summary>Takes the lock, waiting at most <paramref name="timeout"/>; exit 4 naming the holder after that.</summary>
    public async Task AcquireAsync(TimeSpan timeout, CancellationToken ct)
    {
        var waited = Stopwatch.StartNew();
        var pause = TimeSpan.FromMilliseconds(20);
        var announced = false;
        while (!await TryAcquireAsync(ct))
        {
            if (waited.Elapsed >= timeout)
            {
                var holder = await DescribeHolderAsync(ct);
                throw new OpsException(
                    ExitCodes.LockTimeout,
                    $"gave up waiting for the {purpose} lock after {Duration.Format(waited.Elapsed)}; it is held by {holder}. " +
                    "If that process is stuck, end it with SELECT pg_terminate_backend(pid); otherwise try again later or raise --lock-timeout.");
            }

            if (!announced && waited.Elapsed > TimeSpan.FromSeconds(1))
            {
                Log.Info($"waiting for the {purpose} lock, held by {await DescribeHolderAsync(ct)} (up to {Duration.Format(timeout)})");
                announced = true;
            }

            await Task.Delay(pause, ct);
            pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, MaxPoll.Ticks));
        }
    }

    public async Task<bool> TryAcquireAsync(CancellationToken ct)
    {
        await using var batch = new NpgsqlBatch(connection) { BatchCommands = { TryAcquireCommand() } };
        return Record((bool)(await batch.ExecuteScalarAsync(ct))!);
    }

    /// <summary>One try, as a command to send along with other work in one round trip; hand its result to <see cref="Record"/>.</summary>
    public NpgsqlBatchCommand TryAcquireCommand() =>
        new("SELECT pg_try_advisory_lock($1)") { Parameters = { new NpgsqlParameter { Value = key } } };

    /// <summary>Notes the result of <see cref="TryAcquireCommand"/>.</summary>
    public bool Record(bool acquired)
    {
        Held = acquired;
        return acquired;
    }

    /// <summary>pid, application, client address and connection time of whoever holds the lock.</summary>
    public async Task<string> DescribeHolderAsync(CancellationToken ct)
    {
        // A bigint advisory key shows in pg_locks as classid = high half, objid = low half, objsubid = 1.
        await using var command = new NpgsqlCommand(
            """
            SELECT a.pid, coalesce(a.application_name, ''), coalesce(host(a.client_addr), 'local socket'),
                   a.backend_start, now() - a.backend_start
            FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
            WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1
              AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
              AND l.classid::bigint = $1 AND l.objid::bigint = $2
            LIMIT 1
            """,
            connection);
        command.Parameters.Add(new NpgsqlParameter { Value = (long)(uint)(key >> 32) });
        command.Parameters.Add(new NpgsqlParameter { Value = (long)(uint)key });
        await using var reader = await command.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct))
        {
            return "a session that has just released it";
        }

        var since = reader.GetDateTime(3).ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        return $"pid {reader.GetInt32(0)} ('{reader.GetString(1)}' from {reader.GetString(2)}, connected since {since})";
    }
}
