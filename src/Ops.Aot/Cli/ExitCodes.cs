namespace CocktailDb.Ops.Cli;

/// <summary>The exit codes scripts and the deploy rely on (DESIGN.md section 3).</summary>
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

    /// <summary>Interrupted by Ctrl+C or SIGTERM (128 + SIGINT), as shells expect.</summary>
    public const int Interrupted = 130;

    /// <summary>The table printed by every command's --help.</summary>
    public const string HelpTable =
        "Exit codes: 0 ok, 1 failed, 2 usage, 3 drift or verification failed, 4 lock timeout, " +
        "5 cannot connect, 6 configuration missing or invalid, 7 migrations pending (status).";
}
