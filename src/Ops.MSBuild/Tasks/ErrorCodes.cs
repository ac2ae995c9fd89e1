namespace CocktailDb.Ops.MSBuild.Tasks;

/// <summary>
/// Every error code the tasks log. One prefix (OPSB), grouped by stage: 1xxx settings and
/// the SSH leg, 2xxx the exit code of cocktaildb-ops migrate, 3xxx the throwaway local
/// database, 9xxx the build itself. Retired codes stay here commented out and are never reused.
/// </summary>
public static class ErrorCodes
{
    public const string EnvMissing = "OPSB1001";
    public const string UnknownEnvironment = "OPSB1002";
    public const string InvalidSetting = "OPSB1003";
    public const string InvalidMigrateArgs = "OPSB1004";
    public const string PasswordOnCommandLine = "OPSB1005";
    public const string FileNotFound = "OPSB1006";
    public const string ConflictingSettings = "OPSB1007";

    public const string SshFailed = "OPSB1101";
    public const string UnsupportedArchitecture = "OPSB1102";
    public const string UploadFailed = "OPSB1103";
    public const string ChecksumMismatch = "OPSB1104";
    public const string SudoRefused = "OPSB1105";
    public const string ToolNotFound = "OPSB1106";
    public const string CannotExecute = "OPSB1107";
    public const string SshHostKey = "OPSB1108";
    public const string SshAuthentication = "OPSB1109";
    public const string SshUnreachable = "OPSB1110";
    public const string SshConnectionLost = "OPSB1111";
    public const string RemoteTempDirUnusable = "OPSB1112";
    public const string RemoteEnvFileUnreadable = "OPSB1113";

    public const string PublishFailed = "OPSB1201";

    /// <summary>cocktaildb-ops exited with a code the contract doesn't name (or 130, interrupted).</summary>
    public const string MigrateExitOther = "OPSB2000";
    public const string MigrateFailed = "OPSB2001";
    public const string MigrateUsage = "OPSB2002";
    public const string MigrateDrift = "OPSB2003";
    public const string MigrateLockTimeout = "OPSB2004";
    public const string MigrateCannotConnect = "OPSB2005";
    public const string MigrateConfiguration = "OPSB2006";
    public const string MigrateDdlLockTimeout = "OPSB2008";

    public const string PostgresNotFound = "OPSB3001";
    public const string LocalDbAccount = "OPSB3002";
    public const string LocalDbUnreachable = "OPSB3003";
    public const string LocalDbInitFailed = "OPSB3004";
    public const string LocalDbStartFailed = "OPSB3005";
    public const string LocalDbCreateFailed = "OPSB3006";
    public const string LocalDbStopFailed = "OPSB3007";
    public const string LocalDbBusy = "OPSB3008";

    public const string Cancelled = "OPSB9001";

    /// <summary>A file or folder could not be read or written (permissions, disk full, a path that is not there).</summary>
    public const string FileSystem = "OPSB9002";

    /// <summary>A failure nobody planned for: the message says so and the stack trace goes to the detailed log only.</summary>
    public const string Unexpected = "OPSB9003";

    /// <summary>The one way an error is made, so every code comes from the list above.</summary>
    public static OpsBuildException Error(string code, string message) => new(code, message);
}
