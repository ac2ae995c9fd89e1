using System.Globalization;
using CocktailDb.Ops.MSBuild.Processes;
using CocktailDb.Ops.MSBuild.Remote;
using Microsoft.Build.Framework;

namespace CocktailDb.Ops.MSBuild.Tasks;

/// <summary>Inputs shared by the tasks that talk to an environment's host (from <see cref="ResolveOpsEnvironment"/>).</summary>
public abstract class RemoteTask : OpsTask
{
    /// <summary>The environment's name, for messages and the prefix of remote output lines.</summary>
    [Required]
    public string EnvName { get; set; } = string.Empty;

    [Required]
    public string Host { get; set; } = string.Empty;

    [Required]
    public string User { get; set; } = string.Empty;

    public string? Port { get; set; }

    /// <summary>COCKTAILDB_SSH_KEY: a private key file for ssh -i.</summary>
    public string? SshKey { get; set; }

    /// <summary>The ssh program; found on PATH by default.</summary>
    public string SshPath { get; set; } = "ssh";

    public string ScpPath { get; set; } = "scp";

    internal RemoteHost Remote => new(
        Host,
        User,
        string.IsNullOrEmpty(Port) ? null : int.Parse(Port, CultureInfo.InvariantCulture),
        string.IsNullOrWhiteSpace(SshKey) ? null : SshKey.Trim());

    internal string Where => $"on {EnvName} ({Remote.Destination})";

    /// <summary>Runs a command on the host; exit 255 is ssh's own failure and becomes <see cref="ErrorCodes.SshFailed"/>.</summary>
    internal ProcessOutcome Ssh(IReadOnlyList<string> command, string? echoPrefix = null)
    {
        var outcome = Processes.Run(SshPath, Remote.SshArguments(command), new ProcessOptions { EchoPrefix = echoPrefix });
        if (outcome.ExitCode == 255)
        {
            throw SshFailure(outcome);
        }

        return outcome;
    }

    internal OpsBuildException SshFailure(ProcessOutcome outcome) => ErrorCodes.Error(
        ErrorCodes.SshFailed,
        $"ssh to {Remote.Destination} failed (exit 255):\n{outcome.Tail(5)}\n" +
        "Check that the host is reachable, that your key is in ssh-agent or named by COCKTAILDB_SSH_KEY, and that the host's key is in ~/.ssh/known_hosts " +
        $"(connect once with 'ssh {Remote.Destination}' and compare the fingerprint with the one the host's console shows; host-key checking stays on).");
}
