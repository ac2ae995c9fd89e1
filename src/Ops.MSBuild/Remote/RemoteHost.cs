using System.Globalization;
using CocktailDb.Ops.MSBuild.Processes;

namespace CocktailDb.Ops.MSBuild.Remote;

/// <summary>
/// How to reach one environment's host, and the argument lists of ssh and scp for it. Both
/// always run with BatchMode=yes (a prompt nobody answers would hang the build) and with the
/// user's host-key checking as configured: it is never turned off here. "--" ends the options,
/// so a host name can never be read as one.
/// </summary>
/// <param name="Port">Null leaves the port to ~/.ssh/config (22 by default).</param>
/// <param name="SshKey">COCKTAILDB_SSH_KEY: a private key file; null uses the agent and ~/.ssh/config.</param>
public sealed record RemoteHost(string Host, string User, int? Port, string? SshKey)
{
    public string Destination => $"{User}@{Host}";

    /// <summary>ssh arguments that run <paramref name="command"/> (already shell-quoted words) on the host.</summary>
    public IReadOnlyList<string> SshArguments(IEnumerable<string> command)
    {
        var arguments = CommonOptions("-p");
        arguments.Add("--");
        arguments.Add(Destination);
        // One argument: ssh would join several with spaces anyway, and the remote shell splits
        // it again; each word was quoted for exactly that.
        arguments.Add(ShellWords.Join(command));
        return arguments;
    }

    /// <summary>scp arguments that copy <paramref name="localPath"/> to <paramref name="remotePath"/> on the host.</summary>
    public IReadOnlyList<string> ScpArguments(string localPath, string remotePath)
    {
        var arguments = CommonOptions("-P");
        arguments.Insert(0, "-q");
        arguments.Add("--");
        arguments.Add(localPath);
        // An IPv6 address needs brackets, or its colons would end the host part.
        var host = Host.Contains(':', StringComparison.Ordinal) ? $"[{Host.Trim('[', ']')}]" : Host;
        arguments.Add($"{User}@{host}:{remotePath}");
        return arguments;
    }

    private List<string> CommonOptions(string portOption)
    {
        var arguments = new List<string>
        {
            "-o", "BatchMode=yes",
            "-o", "ConnectTimeout=20",
            // A long migration may print nothing for minutes; keep NAT and firewalls from dropping the session.
            "-o", "ServerAliveInterval=30",
        };
        if (Port is { } port)
        {
            arguments.Add(portOption);
            arguments.Add(port.ToString(CultureInfo.InvariantCulture));
        }

        if (!string.IsNullOrEmpty(SshKey))
        {
            arguments.AddRange(["-i", SshKey, "-o", "IdentitiesOnly=yes"]);
        }

        return arguments;
    }
}
