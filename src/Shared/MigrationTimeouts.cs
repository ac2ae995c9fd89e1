// Compiled into both the generator and the CLI: a file header
// ('-- cocktaildb:lock-timeout 30s', '-- cocktaildb:statement-timeout 5m') and the options
// that set the same things for a whole run (--ddl-lock-timeout, --statement-timeout) follow
// one rule, checked at build time for headers and at start-up for options.
using System;

namespace CocktailDb.Ops.Shared;

/// <summary>
/// The two PostgreSQL timeouts a migration runs under. <c>lock_timeout</c> bounds how long one
/// statement waits for a lock: while an ALTER TABLE waits for its ACCESS EXCLUSIVE lock, every
/// later query on that table queues behind it, so on a live site this wait must be short and
/// never unbounded. <c>statement_timeout</c> bounds how long one statement runs; migrations
/// have none unless one is asked for.
/// </summary>
internal static class MigrationTimeouts
{
    /// <summary>The header keys, after <c>-- cocktaildb:</c>.</summary>
    public const string LockTimeoutKey = "lock-timeout";

    public const string StatementTimeoutKey = "statement-timeout";

    /// <summary>Written instead of a duration for "no statement timeout".</summary>
    public const string None = "none";

    /// <summary>PostgreSQL keeps both settings as a 32-bit count of milliseconds.</summary>
    public static readonly TimeSpan Max = TimeSpan.FromMilliseconds(int.MaxValue);

    /// <summary>A lock timeout: a duration from 1ms up to <see cref="Max"/>. Never "none".</summary>
    /// <param name="error">Why <paramref name="text"/> was refused, as the end of a sentence.</param>
    public static bool TryParseLockTimeout(string text, out TimeSpan value, out string error)
    {
        if (!DurationText.TryParse(text, out value))
        {
            error = $"'{text}' is not a duration; write it like 5s, 30s or 2m";
            return false;
        }

        if (value < TimeSpan.FromMilliseconds(1))
        {
            error = $"'{text}' would let the migration wait for its locks without limit, queueing every query on the table behind it; give it a longer timeout instead, such as 10m";
            return false;
        }

        return CheckRange(text, value, out error);
    }

    /// <summary>A statement timeout: <c>none</c> (returned as zero) or a duration from 1ms up to <see cref="Max"/>.</summary>
    /// <param name="error">Why <paramref name="text"/> was refused, as the end of a sentence.</param>
    public static bool TryParseStatementTimeout(string text, out TimeSpan value, out string error)
    {
        if (string.Equals(text.Trim(), None, StringComparison.OrdinalIgnoreCase))
        {
            value = TimeSpan.Zero;
            error = string.Empty;
            return true;
        }

        if (!DurationText.TryParse(text, out value))
        {
            error = $"'{text}' is not a duration; write it like 30s or 5m, or '{None}' for no limit";
            return false;
        }

        if (value < TimeSpan.FromMilliseconds(1))
        {
            error = $"'{text}' is not a limit; write '{None}' for no statement timeout";
            return false;
        }

        return CheckRange(text, value, out error);
    }

    /// <summary>The value as PostgreSQL's setting text: whole milliseconds, "0" for none.</summary>
    public static string ToSetting(TimeSpan value) =>
        ((long)Math.Round(value.TotalMilliseconds, MidpointRounding.AwayFromZero)).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static bool CheckRange(string text, TimeSpan value, out string error)
    {
        if (value > Max)
        {
            error = $"'{text}' is longer than PostgreSQL allows (about 24 days)";
            return false;
        }

        error = string.Empty;
        return true;
    }
}
