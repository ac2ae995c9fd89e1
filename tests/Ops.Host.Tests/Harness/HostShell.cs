using CocktailDb.Ops.Tests.Harness;

namespace CocktailDb.Ops.Host.Tests.Harness;

/// <summary>Commands on the simulated host over real OpenSSH, as ec2-user or, through sudo, as someone else.</summary>
internal sealed class HostShell(SshClient client, Func<int> sshPort)
{
    /// <summary>A line for ec2-user's login shell on the host.</summary>
    public Task<ProcessResult> RunAsync(string command, string? input = null, TimeSpan? timeout = null) =>
        client.RunAsync(sshPort(), command, input, timeout);

    /// <summary>Copies local files into a folder of ec2-user's on the host (scp).</summary>
    public async Task CopyAsync(IEnumerable<string> files, string remoteDirectory)
    {
        var copy = await client.CopyAsync(sshPort(), files, remoteDirectory);
        Assert.True(copy.ExitCode == 0, copy.ToString());
    }

    /// <summary>A bash script run as root through ec2-user's passwordless sudo, as an operator would.</summary>
    public Task<ProcessResult> RootAsync(string script, string? input = null, TimeSpan? timeout = null) =>
        AsUserAsync("root", script, input, timeout);

    /// <summary>A bash script run as <paramref name="user"/> (sudo -u).</summary>
    public Task<ProcessResult> AsUserAsync(string user, string script, string? input = null, TimeSpan? timeout = null) =>
        RunAsync($"sudo -n -u {Shell.Quote(user)} bash -c {Shell.Quote(script)}", input, timeout);

    /// <summary>As <see cref="RootAsync"/>, failing the test unless the script succeeds; returns its output.</summary>
    public async Task<string> RootCheckedAsync(string script, string? input = null, TimeSpan? timeout = null)
    {
        var result = await RootAsync(script, input, timeout);
        Assert.True(result.ExitCode == 0, $"on the host, as root: {script}\n{result}");
        return result.StdOut;
    }
}
