using System.Text.RegularExpressions;
using CocktailDb.Ops.MSBuild.Processes;
using CocktailDb.Ops.MSBuild.Tasks;

namespace CocktailDb.Ops.MSBuild.Remote;

/// <summary>
/// What an exit 255 from ssh means. ssh uses 255 for its own failures, but also when the
/// connection drops or the remote process is killed by a signal (no exit status comes back),
/// and a remote command may exit 255 itself. Only ssh's own words tell them apart: a host key
/// problem, a refused login, a host that cannot be reached, a connection that was lost; with no
/// such words after the command had started, the connection dropped or the process was killed.
/// </summary>
internal static partial class SshDiagnosis
{
    /// <param name="outcome">The finished ssh, with its exit code 255 and its output.</param>
    /// <param name="destination">user@host.</param>
    /// <param name="step">What ran, for the message ("the host check", "migrate").</param>
    /// <param name="commandStarted">True when ssh had got through to this host before in the same run, so the command had most likely started.</param>
    /// <param name="afterLoss">Added to the message when the connection was lost or the process killed.</param>
    public static OpsBuildException Explain(ProcessOutcome outcome, string destination, string step, bool commandStarted, string? afterLoss = null)
    {
        var said = outcome.Tail(5);
        if (HostKey().IsMatch(outcome.Text))
        {
            return ErrorCodes.Error(
                ErrorCodes.SshHostKey,
                $"ssh to {destination} refused the host's key (not in ~/.ssh/known_hosts, or changed):\n{said}\n" +
                $"Connect once with 'ssh {destination}' and compare the fingerprint with the one the host's console shows; host-key checking stays on. A changed key needs 'ssh-keygen -R <host>' first, once you know why it changed.");
        }

        if (Authentication().IsMatch(outcome.Text))
        {
            return ErrorCodes.Error(
                ErrorCodes.SshAuthentication,
                $"{destination} refused the ssh login:\n{said}\nPut the key in ssh-agent or name it with COCKTAILDB_SSH_KEY=/path/to/key, and check the login name (-p:RemoteUser).");
        }

        if (Unreachable().IsMatch(outcome.Text))
        {
            return ErrorCodes.Error(
                ErrorCodes.SshUnreachable,
                $"cannot reach {destination} over ssh:\n{said}\nCheck the host name (environments.props or -p:RemoteHost), the port (-p:RemotePort), the network or VPN, and that sshd runs.");
        }

        if (ConnectionLost().IsMatch(outcome.Text) || commandStarted)
        {
            var reason = ConnectionLost().IsMatch(outcome.Text)
                ? $"the ssh connection to {destination} was lost while {step} ran"
                : $"ssh to {destination} ended with exit 255 while {step} ran, without an ssh error: the connection dropped, or the remote process was killed (a signal leaves no exit status)";
            return ErrorCodes.Error(ErrorCodes.SshConnectionLost, $"{reason}:\n{said}\n{afterLoss}".TrimEnd());
        }

        return ErrorCodes.Error(
            ErrorCodes.SshFailed,
            $"ssh to {destination} failed during {step} (exit 255):\n{said}\nCheck that the host is reachable and that your key is in ssh-agent or named by COCKTAILDB_SSH_KEY.");
    }

    [GeneratedRegex(@"Host key verification failed|REMOTE HOST IDENTIFICATION HAS CHANGED|host key is known for|Host key for \S+ has changed|HOST KEY HAS CHANGED", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex HostKey();

    [GeneratedRegex(@"Permission denied \(|Too many authentication failures|no mutual signature algorithm|Load key .*: (invalid format|bad permissions)", RegexOptions.CultureInvariant)]
    private static partial Regex Authentication();

    [GeneratedRegex(@"Could not resolve hostname|Name or service not known|Connection refused|Connection timed out|No route to host|Network is unreachable|Operation timed out", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Unreachable();

    [GeneratedRegex(@"closed by remote host|Broken pipe|Connection reset|client_loop:|not responding|packet_write_wait|Connection closed by", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ConnectionLost();
}
