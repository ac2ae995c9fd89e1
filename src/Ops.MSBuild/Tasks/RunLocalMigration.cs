using System.Globalization;
using CocktailDb.Ops.MSBuild.Local;
using CocktailDb.Ops.MSBuild.Migration;
using CocktailDb.Ops.MSBuild.Processes;
using Microsoft.Build.Framework;

namespace CocktailDb.Ops.MSBuild.Tasks;

/// <summary>
/// Env=local: runs the freshly published cocktaildb-ops migrate on this machine against, in
/// this order, -p:Connection, -p:EnvFile, the DB_* variables of the environment, or (with none
/// of these) the throwaway cluster under artifacts/localdb, started when needed and left running.
/// Its settings were checked (and paths resolved) by <see cref="CheckMigrateSettings"/>.
/// </summary>
public sealed class RunLocalMigration : OpsTask
{
    private static readonly string[] DbVariables = ["DB_HOST", "DB_PORT", "DB_USER", "DB_PASSWORD", "DB_NAME"];

    [Required]
    public string BinaryPath { get; set; } = string.Empty;

    public bool DryRun { get; set; }

    public string? MigrateArgs { get; set; }

    /// <summary>-p:Connection: a postgres:// URL or connection string without a password.</summary>
    public string? Connection { get; set; }

    /// <summary>-p:EnvFile, as an absolute path: a KEY=VALUE file with the DB_* settings.</summary>
    public string? EnvFile { get; set; }

    [Required]
    public string LocalDbDir { get; set; } = string.Empty;

    public string? PostgresBinDir { get; set; }

    /// <summary>The system account that runs the throwaway server when the build runs as root.</summary>
    public string LocalDbAccount { get; set; } = "cocktaildb-localdb";

    /// <summary>Where the embedded migrations come from, so a failure can point at its file.</summary>
    public string? MigrationsDir { get; set; }

    public string? SchemaFile { get; set; }

    public string? WorkingDirectory { get; set; }

    protected override void ExecuteCore()
    {
        if (!File.Exists(BinaryPath))
        {
            throw ErrorCodes.Error(ErrorCodes.PublishFailed, $"the published cocktaildb-ops is missing at {BinaryPath}; run the build again (it publishes the binary first).");
        }

        var options = new ProcessOptions { EchoPrefix = "[local] ", WorkingDirectory = WorkingDirectory };
        string[] source;
        // Where the settings come from: said before the run, and named again in an error.
        string settings;
        var hint = string.Empty;
        if (!string.IsNullOrWhiteSpace(Connection))
        {
            source = ["--connection", Connection.Trim()];
            settings = "-p:Connection (and DB_PASSWORD)";
        }
        else if (!string.IsNullOrWhiteSpace(EnvFile))
        {
            source = ["--env-file", EnvFile];
            settings = $"the DB_* settings in {EnvFile}";
        }
        else if (DbVariables.Any(v => !string.IsNullOrEmpty(Environment.GetEnvironmentVariable(v))))
        {
            source = [];
            settings = "the DB_* environment variables";
        }
        else
        {
            var database = new LocalCluster(this, Processes, LocalDbDir, LocalDbAccount, PostgresBinDir).Ensure();
            source = [];
            settings = $"the throwaway database in {database.Directory}";
            hint = " (dotnet build -t:LocalDbReset starts it over)";
            // Every setting is given, so neither the developer's env file nor a stray
            // /opt/cocktaildb/.env is consulted; the password travels in the environment only.
            options.Environment["DB_HOST"] = database.Host;
            options.Environment["DB_PORT"] = database.Port.ToString(CultureInfo.InvariantCulture);
            options.Environment["DB_USER"] = database.User;
            options.Environment["DB_PASSWORD"] = File.ReadAllText(database.PasswordFile).Trim();
            options.Environment["DB_NAME"] = database.Database;
            options.Environment["DB_SSLMODE"] = "disable";
        }

        var arguments = MigrateCommand.Arguments(DryRun, MigrateArgs, source);
        LogHigh($"running cocktaildb-ops {string.Join(" ", arguments)} against {settings}");
        var outcome = Processes.Run(BinaryPath, arguments, options);
        if (MigrateExit.ToError(outcome.ExitCode, outcome.Lines, "on the local database", settings + hint, new MigrationSources(MigrationsDir, SchemaFile)) is { } error)
        {
            throw error;
        }
    }
}
