using System.Globalization;
using CocktailDb.Ops.Deployment.Tests.Harness;
using CocktailDb.Ops.Tests.Harness;

namespace CocktailDb.Ops.Host.Tests.Harness;

/// <summary>
/// This machine's side of OpenSSH for one simulated host: a key pair made for this run, a
/// known_hosts file holding only the host's own key, and a client configuration that checks host
/// keys strictly. ssh reads ~/.ssh of the account's passwd entry (not $HOME), so every ssh, scp
/// and ansible-playbook of the tests gets the configuration with -F and never touches the
/// machine's own ~/.ssh.
/// </summary>
internal sealed class SshClient
{
    public const string User = "ec2-user";
    public const string Address = "127.0.0.1";

    private readonly TempDirectory _temp;

    private SshClient(TempDirectory temp)
    {
        _temp = temp;
        PrivateKey = temp.File("id_ed25519");
        KnownHosts = temp.File("known_hosts");
        ConfigFile = WriteConfig("ssh_config", KnownHosts);
    }

    /// <summary>The private key of this run (COCKTAILDB_SSH_KEY for the Migrate target).</summary>
    public string PrivateKey { get; }

    public string PublicKey => File.ReadAllText(PrivateKey + ".pub").Trim();

    public string KnownHosts { get; }

    /// <summary>The client configuration every ssh of the tests runs with (-F).</summary>
    public string ConfigFile { get; }

    public static async Task<SshClient> CreateAsync(TempDirectory temp)
    {
        var client = new SshClient(temp);
        var keygen = await ProcessRunner.RunAsync(
            "ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", "cocktaildb-host-tests", "-f", client.PrivateKey], timeout: TimeSpan.FromMinutes(1));
        Assert.True(keygen.ExitCode == 0, keygen.ToString());
        return client;
    }

    /// <summary>
    /// Trusts <paramref name="hostKey"/> ("ssh-ed25519 AAAA...", read through the container's
    /// console, as an operator compares the fingerprint the EC2 console shows) for the host at
    /// <paramref name="port"/> on 127.0.0.1, replacing whatever was trusted before.
    /// </summary>
    public void TrustHostKey(int port, string hostKey) => File.WriteAllText(KnownHosts, KnownHostsLine(port, hostKey));

    /// <summary>As <see cref="TrustHostKey"/>, for several hosts at once.</summary>
    public void TrustHostKeys(IEnumerable<(int Port, string HostKey)> hosts) =>
        File.WriteAllText(KnownHosts, string.Concat(hosts.Select(h => KnownHostsLine(h.Port, h.HostKey))));

    public static string KnownHostsLine(int port, string hostKey)
    {
        var parts = hostKey.Trim().Split(' ');
        return string.Create(CultureInfo.InvariantCulture, $"[{Address}]:{port} {parts[0]} {parts[1]}\n");
    }

    /// <summary>Another client configuration of this run, trusting only what <paramref name="knownHosts"/> lists.</summary>
    public string WriteConfig(string name, string knownHosts) => _temp.Write(name, $"""
        # Written by the host tests; -F keeps ~/.ssh/config and /etc/ssh/ssh_config out of it.
        Host *
            User {User}
            IdentityFile "{PrivateKey}"
            IdentitiesOnly yes
            UserKnownHostsFile "{knownHosts}"
            GlobalKnownHostsFile /dev/null
            StrictHostKeyChecking yes
            BatchMode yes
            ConnectTimeout 20
            LogLevel ERROR

        """);

    /// <summary>
    /// Runs <paramref name="command"/> (a line for the host's shell) as ec2-user on the host.
    /// Secrets go in <paramref name="input"/>, ssh's standard input: on no command line, so in
    /// no argv a `ps` on either machine could show.
    /// </summary>
    public Task<ProcessResult> RunAsync(int port, string command, string? input = null, TimeSpan? timeout = null) =>
        ProcessRunner.RunAsync(
            "ssh",
            ["-F", ConfigFile, "-p", port.ToString(CultureInfo.InvariantCulture), "--", $"{User}@{Address}", command],
            timeout: timeout ?? TimeSpan.FromMinutes(2),
            input: input);

    /// <summary>Copies local files into <paramref name="remoteDirectory"/> on the host with scp, as ec2-user.</summary>
    public Task<ProcessResult> CopyAsync(int port, IEnumerable<string> files, string remoteDirectory) =>
        ProcessRunner.RunAsync(
            "scp",
            ["-q", "-F", ConfigFile, "-P", port.ToString(CultureInfo.InvariantCulture), "--", .. files, $"{User}@{Address}:{remoteDirectory}/"],
            timeout: TimeSpan.FromMinutes(2));
}
