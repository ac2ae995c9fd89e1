using CocktailDb.Ops.Cli;
using CocktailDb.Ops.Migrations.Manifest;
using CocktailDb.Ops.Shared;

namespace CocktailDb.Ops.Migrations;

/// <summary>
/// The limits every migration runs under on a live site. <paramref name="LockTimeout"/> is
/// PostgreSQL's lock_timeout for each statement (--ddl-lock-timeout; a file's
/// <c>-- cocktaildb:lock-timeout</c> header wins for that file): while an ALTER TABLE waits for
/// its lock, every later query on the table waits behind it, so the wait is kept short and the
/// migration is rolled back and tried again later instead. <paramref name="StatementTimeout"/>
/// is statement_timeout (zero: none, the default, whatever the role or database sets).
/// </summary>
/// <param name="LockRetries">How many more times a transactional migration is tried after a lock timeout or deadlock.</param>
/// <param name="LockRetryMaxWait">The longest pause between two tries.</param>
internal sealed record ExecutionPolicy(TimeSpan LockTimeout, TimeSpan StatementTimeout, int LockRetries, TimeSpan LockRetryMaxWait)
{
    public static readonly TimeSpan DefaultLockTimeout = TimeSpan.FromSeconds(5);

    public static readonly TimeSpan DefaultLockRetryMaxWait = TimeSpan.FromSeconds(30);

    public const int DefaultLockRetries = 5;

    /// <summary>The first pause between tries; it doubles from there up to <see cref="LockRetryMaxWait"/>.</summary>
    private static readonly TimeSpan FirstBackoff = TimeSpan.FromSeconds(1);

    public static ExecutionPolicy Default { get; } = new(DefaultLockTimeout, TimeSpan.Zero, DefaultLockRetries, DefaultLockRetryMaxWait);

    /// <summary>Reads the command-line options; exit 6 naming the option for a value that breaks the rules in MigrationTimeouts.</summary>
    public static ExecutionPolicy FromOptions(string ddlLockTimeout, string statementTimeout, int lockRetries, string lockRetryMaxWait)
    {
        if (!MigrationTimeouts.TryParseLockTimeout(ddlLockTimeout, out var lockTimeout, out var error))
        {
            throw OpsException.Configuration($"--ddl-lock-timeout {error}");
        }

        if (!MigrationTimeouts.TryParseStatementTimeout(statementTimeout, out var statement, out error))
        {
            throw OpsException.Configuration($"--statement-timeout {error}");
        }

        if (lockRetries < 0)
        {
            throw OpsException.Configuration($"--lock-retries must be 0 or more, got {lockRetries}");
        }

        return new ExecutionPolicy(lockTimeout, statement, lockRetries, Duration.ParseOption("--lock-retry-max-wait", lockRetryMaxWait));
    }

    /// <summary>The lock timeout a script runs with, and where it comes from.</summary>
    public (TimeSpan Value, string Source) LockTimeoutFor(MigrationScript script) =>
        script.LockTimeout is { } fromFile ? (fromFile, "its -- cocktaildb:lock-timeout header") : (LockTimeout, "--ddl-lock-timeout");

    /// <summary>The command that sets a script's timeouts, or null when its headers ask for nothing other than the session's.</summary>
    /// <param name="local">For the current transaction only; otherwise for the session, until the next reset.</param>
    public Npgsql.NpgsqlBatchCommand? SetTimeoutsFor(MigrationScript script, bool local)
    {
        var lockTimeout = script.LockTimeout ?? LockTimeout;
        var statementTimeout = script.StatementTimeout ?? StatementTimeout;
        return lockTimeout == LockTimeout && statementTimeout == StatementTimeout
            ? null
            : SessionCommands.SetTimeouts(lockTimeout, statementTimeout, local);
    }

    /// <summary>
    /// The pause before try <paramref name="retry"/> + 1 (retry 1 follows the first failure):
    /// doubling from one second up to the maximum, then a random part of it cut off, so runners
    /// on several hosts (or a runner and a retrying application) don't keep colliding in step.
    /// </summary>
    public TimeSpan Backoff(int retry, Random random)
    {
        var ceiling = FirstBackoff.Ticks * Math.Pow(2, Math.Min(retry - 1, 30));
        var capped = Math.Min(ceiling, LockRetryMaxWait.Ticks);
        return TimeSpan.FromTicks((long)(capped / 2 + random.NextDouble() * capped / 2));
    }
}
