using System.Security.Cryptography;
using CocktailDb.Ops.MSBuild.Migration;
using CocktailDb.Ops.MSBuild.Processes;
using CocktailDb.Ops.MSBuild.Remote;
using Microsoft.Build.Framework;

namespace CocktailDb.Ops.MSBuild.Tasks;

/// <summary>
/// Copies the published binary to a fresh temporary path on the host, checks its SHA-256
/// there, runs <c>migrate</c> as the service account with the host's env file, streams its
/// output into the build log and removes the copy again, whatever happened (what the old bash
/// wrapper did with rsync and ssh). No password passes through here: the binary reads
/// it from the env file on the host.
/// </summary>
public sealed class RunRemoteMigration : RemoteTask
{
    /// <summary>The cocktaildb-ops published for the host's runtime.</summary>
    [Required]
    public string BinaryPath { get; set; } = string.Empty;

    /// <summary>The account that can read the env file; empty (or the ssh user) runs without sudo.</summary>
    public string? RunAs { get; set; }

    [Required]
    public string RemoteEnvFile { get; set; } = string.Empty;

    public bool DryRun { get; set; }

    public string? MigrateArgs { get; set; }

    /// <summary>The host folder for the temporary copy; /tmp unless it is mounted noexec there.</summary>
    public string RemoteTempDir { get; set; } = "/tmp";

    /// <summary>Where the embedded migrations come from here, so a failure can point at its file.</summary>
    public string? MigrationsDir { get; set; }

    public string? SchemaFile { get; set; }

    /// <summary>Where the copy went on the host, e.g. /tmp/cocktaildb-ops.3f9c...; for tests and the log.</summary>
    [Output]
    public string RemotePath { get; private set; } = string.Empty;

    /// <summary>Set once migrate has been started on the host: from then on, stopping ssh does not stop it.</summary>
    private volatile bool _migrateStarted;

    protected override void ExecuteCore()
    {
        // Build (and so validate) the arguments before anything touches the host.
        var migrate = MigrateCommand.Arguments(DryRun, MigrateArgs, "--env-file", RemoteEnvFile);
        var tempDir = RemoteTempDirectory.Validate(RemoteTempDir);
        if (!File.Exists(BinaryPath))
        {
            throw ErrorCodes.Error(ErrorCodes.PublishFailed, $"the published cocktaildb-ops is missing at {BinaryPath}; run the build again (it publishes the binary first).");
        }

        var checksum = Sha256(BinaryPath);

        // 128 random bits: nobody on the host can guess the name and put something there first.
        RemotePath = $"{tempDir}/cocktaildb-ops.{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16))}";

        try
        {
            Upload();
            Verify(checksum);
            Run(migrate);
        }
        finally
        {
            Remove();
        }
    }

    protected override string CancelledMessage => _migrateStarted
        ? $"cancelled while migrate ran {Where}. Stopping ssh does not stop the run on the host: it may still be applying a migration and holding the migration lock " +
          "(each migration still commits whole or not at all). See whether it still runs with " +
          $"'ssh {Remote.Destination} pgrep -af cocktaildb-ops'; a new run waits for it and names it, and -p:DryRun=true shows what is still pending."
        : base.CancelledMessage;

    /// <summary>What to tell when the connection is lost during migrate.</summary>
    private string AfterLoss =>
        "The run on the host may have finished, failed, or still be running and holding the migration lock (each migration commits whole or not at all). " +
        $"See whether it still runs with 'ssh {Remote.Destination} pgrep -af cocktaildb-ops', and what is still pending by running this build again with -p:DryRun=true.";

    private void Upload()
    {
        LogHigh($"uploading {Path.GetFileName(BinaryPath)} ({new FileInfo(BinaryPath).Length / 1024} KiB) to {Remote.Destination}:{RemotePath}");
        var outcome = Processes.Run(ScpPath, Remote.ScpArguments(BinaryPath, RemotePath));
        if (outcome.ExitCode != 0)
        {
            throw ErrorCodes.Error(ErrorCodes.UploadFailed, $"copying the binary to {Remote.Destination}:{RemotePath} failed (scp exit {outcome.ExitCode}):\n{outcome.Tail(5)}\nCheck ssh access and free space in {RemotePath[..RemotePath.LastIndexOf('/')]} on the host.");
        }
    }

    private void Verify(string expected)
    {
        // chmod first: the service account must be able to execute a file the ssh user owns.
        var outcome = Ssh(["sh", "-c", "chmod 0755 \"$1\" && sha256sum \"$1\"", "sh", RemotePath], "the checksum check");
        var actual = outcome.ExitCode == 0 ? outcome.Lines.LastOrDefault()?.Split(' ', 2)[0].Trim().ToLowerInvariant() : null;
        if (actual != expected)
        {
            throw ErrorCodes.Error(
                ErrorCodes.ChecksumMismatch,
                $"the binary on {Remote.Destination} does not match the one built here (SHA-256 {expected}, host reports {actual ?? "nothing: " + outcome.Tail(3)}); " +
                "it was not run. The copy was damaged or altered on the way: run the build again, and check the host's disk and /tmp if it repeats.");
        }

        LogHigh($"SHA-256 verified on {Remote.Destination}: {expected}");
    }

    private void Run(IReadOnlyList<string> migrate)
    {
        var runAs = string.IsNullOrEmpty(RunAs) || RunAs == User ? null : RunAs;
        // sudo -n: fail at once instead of waiting for a password prompt nobody can answer.
        IReadOnlyList<string> command = runAs is null ? [RemotePath, .. migrate] : ["sudo", "-n", "-u", runAs, RemotePath, .. migrate];
        LogHigh($"running {string.Join(" ", migrate)} {Where}{(runAs is null ? string.Empty : " as " + runAs)}");
        _migrateStarted = true;
        var outcome = Ssh(command, "migrate", echoPrefix: $"[{EnvName}] ", afterLoss: AfterLoss, connectedBefore: true);
        if (outcome.ExitCode == 0)
        {
            LogHigh($"migrate finished {Where}");
            return;
        }

        // The host check proved sudo works; sudo refused this run only if sudo is all that spoke.
        // A warning of sudo's ("unable to resolve host") next to migrate's own output is not that.
        var spoken = outcome.Lines.Where(l => l.Trim().Length > 0).ToList();
        if (runAs is not null && outcome.ExitCode == 1 && spoken.Count > 0 && spoken.All(l => l.StartsWith("sudo:", StringComparison.Ordinal)))
        {
            throw ErrorCodes.Error(
                ErrorCodes.SudoRefused,
                $"sudo {Where} refused to run the binary as {runAs}: {string.Join(" ", spoken)}; nothing ran. Let {User} run commands as {runAs} without a password " +
                $"(a sudoers rule such as '{User} ALL=({runAs}) NOPASSWD: ALL'), or name another account with -p:RemoteRunAs.");
        }

        if (outcome.ExitCode is 126 or 127 && ToolError.Text(outcome.Lines) is null)
        {
            throw ErrorCodes.Error(
                ErrorCodes.CannotExecute,
                $"the host could not execute {RemotePath} (exit {outcome.ExitCode}): {outcome.Tail(3)}\nIf its temporary folder is mounted noexec, pick another with -p:RemoteTempDir=/var/tmp.");
        }

        throw MigrateExit.ToError(
            outcome.ExitCode,
            outcome.Lines,
            Where,
            $"the DB_* settings in {RemoteEnvFile} (readable by {runAs ?? User})",
            new MigrationSources(MigrationsDir, SchemaFile))!;
    }

    private void Remove()
    {
        try
        {
            // Not cancellable: after Ctrl+C the copy must still go.
            var outcome = new ProcessLauncher(this, CancellationToken.None).Run(SshPath, Remote.SshArguments(["rm", "-f", RemotePath]));
            if (outcome.ExitCode != 0)
            {
                // The migration result stands either way; say what to clean up by hand.
                LogHigh($"note: could not remove {RemotePath} on {Remote.Destination} (exit {outcome.ExitCode}); delete it by hand.");
            }
        }
        catch (OpsBuildException ex)
        {
            LogHigh($"note: could not remove {RemotePath} on {Remote.Destination}: {ex.Message}");
        }
    }

    public static string Sha256(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
