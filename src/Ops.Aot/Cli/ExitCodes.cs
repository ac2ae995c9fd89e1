namespace CocktailDb.Ops.Cli;

/// <summary>The exit codes scripts and the deploy rely on (README, "Commands of the binary"; docs/runbook.md, "Exit codes").</summary>
internal static class ExitCodes
{
    public const int Ok = 0;
    public const int Failed = 1;
    public const int Usage = 2;

    /// <summary>An applied migration no longer matches its file, or the database knows a migration this binary doesn't.</summary>
    public const int Drift = 3;

    public const int LockTimeout = 4;
    public const int CannotConnect = 5;
    public const int Configuration = 6;

    /// <summary>`status` only: the database is behind this binary (migrations pending).</summary>
    public const int Pending = 7;

    /// <summary>
    /// A migration could not get a lock on the tables it changes within --ddl-lock-timeout, on
    /// every try (--lock-retries): a long transaction of the site held them. Nothing of that
    /// migration was applied; the ones before it were.
    /// </summary>
    public const int DdlLockTimeout = 8;

    /// <summary>Interrupted by Ctrl+C or SIGTERM (128 + SIGINT), as shells expect.</summary>
    public const int Interrupted = 130;

    /// <summary>The table printed by every command's --help.</summary>
    public const string HelpTable =
        "Exit codes: 0 ok, 1 failed, 2 usage, 3 drift or verification failed, 4 timed out waiting for another runner's migration lock, " +
        "5 cannot connect, 6 configuration missing or invalid, 7 migrations pending (status), " +
        "8 a migration could not get its table locks in time, on every try (migrate, rollback).";
}
