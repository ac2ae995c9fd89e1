using CocktailDb.Ops.MSBuild.Local;
using CocktailDb.Ops.MSBuild.Settings;
using Microsoft.Build.Framework;

namespace CocktailDb.Ops.MSBuild.Tasks;

/// <summary>-t:LocalDbStop and -t:LocalDbReset: stop the throwaway cluster, or stop it and delete it.</summary>
public sealed class LocalDb : OpsTask
{
    /// <summary>Stop or Reset.</summary>
    [Required]
    public string Action { get; set; } = string.Empty;

    [Required]
    public string LocalDbDir { get; set; } = string.Empty;

    public string? PostgresBinDir { get; set; }

    public string LocalDbAccount { get; set; } = "cocktaildb-localdb";

    /// <summary>MSBuildStartupDirectory: relative paths are relative to where dotnet build ran.</summary>
    public string? StartupDirectory { get; set; }

    protected override void ExecuteCore()
    {
        var dir = UserPath.Resolve(LocalDbDir, StartupDirectory)!;
        var cluster = new LocalCluster(this, Processes, dir, LocalDbAccount, UserPath.Resolve(PostgresBinDir, StartupDirectory));
        switch (Action)
        {
            case "Stop":
                LogHigh(cluster.Stop() ? $"stopped the throwaway PostgreSQL in {cluster.Folder}" : $"the throwaway PostgreSQL in {cluster.Folder} is not running");
                break;
            case "Reset":
                cluster.Reset();
                LogHigh($"wiped the throwaway PostgreSQL in {cluster.Folder}; the next Env=local run starts a new one");
                break;
            default:
                throw ErrorCodes.Error(ErrorCodes.InvalidSetting, $"LocalDb Action '{Action}' is not Stop or Reset.");
        }
    }
}
