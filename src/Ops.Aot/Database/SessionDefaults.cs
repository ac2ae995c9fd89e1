using System.Globalization;
using CocktailDb.Ops.Shared;

namespace CocktailDb.Ops.Database;

/// <summary>
/// Settings a command's session starts with. They travel in the startup packet (-c name=value)
/// rather than as SET commands: no extra round trip, and they become the session's reset
/// values, so the RESET ALL that follows every migration returns to exactly them (a SET would
/// be reset away).
/// </summary>
/// <param name="LockTimeout">lock_timeout, or null to leave the server's.</param>
/// <param name="StatementTimeout">statement_timeout (zero: none), or null to leave the server's.</param>
/// <param name="CheckConnection">
/// client_connection_check_interval: have the server notice within seconds when this process
/// dies (SIGKILL, lost host) even while a statement runs, so its transaction is rolled back and
/// its locks released promptly instead of when that statement ends. PostgreSQL 14 and later.
/// </param>
internal sealed record SessionDefaults(TimeSpan? LockTimeout, TimeSpan? StatementTimeout, bool CheckConnection)
{
    public const string CheckIntervalSetting = "client_connection_check_interval";

    private static readonly TimeSpan CheckInterval = TimeSpan.FromSeconds(2);

    /// <summary>Commands that only read: the server's timeouts, the connection check.</summary>
    public static readonly SessionDefaults Plain = new(null, null, true);

    /// <summary>The -c options for the connection string's Options, empty when there is nothing to set.</summary>
    public string StartupOptions()
    {
        var options = new List<string>();
        if (LockTimeout is { } lockTimeout)
        {
            options.Add("-c lock_timeout=" + MigrationTimeouts.ToSetting(lockTimeout));
        }

        if (StatementTimeout is { } statementTimeout)
        {
            options.Add("-c statement_timeout=" + MigrationTimeouts.ToSetting(statementTimeout));
        }

        if (CheckConnection)
        {
            options.Add($"-c {CheckIntervalSetting}=" + ((int)CheckInterval.TotalMilliseconds).ToString(CultureInfo.InvariantCulture));
        }

        return string.Join(' ', options);
    }
}
