using CocktailDb.Ops.MSBuild.Local;
using CocktailDb.Ops.MSBuild.Migration;
using CocktailDb.Ops.MSBuild.Remote;
using CocktailDb.Ops.MSBuild.Settings;
using Microsoft.Build.Framework;

namespace CocktailDb.Ops.MSBuild.Tasks;

/// <summary>
/// Checks every Migrate setting that can be checked on this machine, before the binary is
/// published: a typo costs seconds, not a cross-compile. Paths the user typed are resolved
/// against the directory dotnet build ran in (<see cref="UserPath"/>); the outputs are what the
/// later tasks use.
/// </summary>
public sealed class CheckMigrateSettings : OpsTask
{
    public bool IsLocal { get; set; }

    /// <summary>-p:DryRun: true or false (empty is false).</summary>
    public string? DryRun { get; set; }

    public string? MigrateArgs { get; set; }

    public string? Connection { get; set; }

    public string? EnvFile { get; set; }

    public string? LocalDbDir { get; set; }

    public string? PostgresBinDir { get; set; }

    /// <summary>COCKTAILDB_SSH_KEY.</summary>
    public string? SshKey { get; set; }

    public string? RemoteTempDir { get; set; }

    /// <summary>MSBuildStartupDirectory: where the user ran dotnet build.</summary>
    public string? StartupDirectory { get; set; }

    [Output]
    public bool DryRunFlag { get; private set; }

    [Output]
    public string ConnectionValue { get; private set; } = string.Empty;

    [Output]
    public string EnvFilePath { get; private set; } = string.Empty;

    [Output]
    public string LocalDbPath { get; private set; } = string.Empty;

    [Output]
    public string PostgresBinPath { get; private set; } = string.Empty;

    [Output]
    public string SshKeyPath { get; private set; } = string.Empty;

    [Output]
    public string HostTempDir { get; private set; } = string.Empty;

    protected override void ExecuteCore()
    {
        DryRunFlag = ParseDryRun(DryRun);
        // Splits -p:MigrateArgs and refuses a password in it.
        MigrateCommand.Arguments(DryRunFlag, MigrateArgs);
        if (IsLocal)
        {
            CheckLocal();
        }
        else
        {
            CheckRemote();
        }
    }

    private void CheckLocal()
    {
        if (!string.IsNullOrWhiteSpace(Connection))
        {
            var (value, rejoined) = ConnectionSetting.Rejoin(Connection.Trim(), GlobalProperties());
            MigrateCommand.RefusePasswords(["--connection", value]);
            if (rejoined.Count > 0)
            {
                LogHigh(
                    $"MSBuild cut -p:Connection at ';' (it separates properties there); put back together from -p:{string.Join(", -p:", rejoined)}: {value}. " +
                    "To pass it whole, quote it for MSBuild as well as for the shell (-p:Connection='\"Host=...;Username=...\"') or write each ';' as %3B.");
            }

            ConnectionValue = value;
        }

        if (UserPath.Resolve(EnvFile, StartupDirectory) is { } envFile)
        {
            EnvFilePath = RequireFile(envFile, "EnvFile", "a KEY=VALUE file with DB_HOST, DB_PORT, DB_USER, DB_PASSWORD and DB_NAME");
        }

        LocalDbPath = UserPath.Resolve(LocalDbDir, StartupDirectory) ?? string.Empty;
        if (UserPath.Resolve(PostgresBinDir, StartupDirectory) is { } binDir)
        {
            // Throws OPSB3001 naming the folder when initdb and pg_ctl are not in it.
            PostgresBinPath = PostgresInstallation.Choose(binDir, null, []).BinDirectory;
        }
    }

    private void CheckRemote()
    {
        foreach (var (name, value) in new[] { ("Connection", Connection), ("EnvFile", EnvFile) })
        {
            if (!string.IsNullOrWhiteSpace(value))
            {
                throw ErrorCodes.Error(
                    ErrorCodes.InvalidSetting,
                    $"-p:{name} applies to Env=local only; on a host migrate reads the settings in RemoteEnvFile (environments.props, or -p:RemoteEnvFile=). Leave -p:{name} out.");
            }
        }

        if (UserPath.Resolve(SshKey, StartupDirectory) is { } key)
        {
            SshKeyPath = RequireFile(key, "COCKTAILDB_SSH_KEY", "the private key ssh should use (ssh -i)");
        }

        HostTempDir = RemoteTempDirectory.Validate(RemoteTempDir);
    }

    private static bool ParseDryRun(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        null or "" or "false" => false,
        "true" => true,
        _ => throw ErrorCodes.Error(ErrorCodes.InvalidSetting, $"DryRun '{value}' is not true or false; use -p:DryRun=true."),
    };

    private static string RequireFile(string path, string setting, string what)
    {
        if (!File.Exists(path))
        {
            throw ErrorCodes.Error(ErrorCodes.FileNotFound, $"{setting} names {path}, which does not exist; it should be {what}. A relative path is taken from the directory dotnet build runs in.");
        }

        return path;
    }
}
