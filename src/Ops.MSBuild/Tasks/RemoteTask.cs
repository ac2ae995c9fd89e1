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

    /// <summary>COCKTAILDB_SSH_KEY, resolved to an absolute path: a private key file for ssh -i.</summary>
    public string? SshKey { get; set; }

    /// <summary>The ssh program; found on PATH by default.</summary>
    public string SshPath { get; set; } = "ssh";

    public string ScpPath { get; set; } = "scp";

    internal RemoteHost Remote => new(
        Host,
        User,
        string.IsNullOrEmpty(Port) ? null
            : int.TryParse(Port, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is >= 1 and <= 65535 ? port
            : throw ErrorCodes.Error(ErrorCodes.InvalidSetting, $"RemotePort '{Port}' is not a TCP port number; fix -p:RemotePort."),
        string.IsNullOrWhiteSpace(SshKey) ? null : SshKey.Trim());

    internal string Where => $"on {EnvName} ({Remote.Destination})";

    /// <summary>
    /// Runs a command on the host. Exit 255 is ssh's (a failure of its own, a lost connection, a
    /// killed process): <see cref="SshDiagnosis"/> says which.
    /// </summary>
    /// <param name="step">What runs, for the message on failure.</param>
    /// <param name="echoPrefix">Stream the output into the build output with this prefix (null: detailed log only).</param>
    /// <param name="afterLoss">What to add when the connection is lost mid-way.</param>
    /// <param name="connectedBefore">An earlier ssh to this host in this run got through, so a silent 255 is a lost connection or a killed process.</param>
    internal ProcessOutcome Ssh(IReadOnlyList<string> command, string step, string? echoPrefix = null, string? afterLoss = null, bool connectedBefore = false)
    {
        var outcome = Processes.Run(SshPath, Remote.SshArguments(command), new ProcessOptions { EchoPrefix = echoPrefix });
        if (outcome.ExitCode == 255)
        {
            throw SshDiagnosis.Explain(outcome, Remote.Destination, step, commandStarted: connectedBefore, afterLoss);
        }

        return outcome;
    }
}
