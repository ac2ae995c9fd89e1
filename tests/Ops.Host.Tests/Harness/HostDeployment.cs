using System.Globalization;
using System.Text.RegularExpressions;
using CocktailDb.Ops.Deployment.Tests.Harness;
using CocktailDb.Ops.Tests.Harness;

namespace CocktailDb.Ops.Host.Tests.Harness;

/// <summary>What PLAY RECAP reported for the host.</summary>
internal sealed record PlayRecap(int Ok, int Changed, int Unreachable, int Failed);

/// <summary>
/// ansible-playbook deploy.yml against the simulated host, as an operator runs it from
/// infrastructure/ansible/ (its ansible.cfg, pipelining and all), with an inventory of one host:
/// the published ssh port, this run's key, host-key checking on against this run's known_hosts.
/// </summary>
internal static partial class HostDeployment
{
    public const string InventoryHost = "cocktaildb-test-host";

    /// <summary>Publishes the binary for the host's architecture if needed, then runs the playbook.</summary>
    public static async Task<ProcessResult> DeployAsync(SimulatedHost host, params string[] arguments)
    {
        await OpsBinary.EnsurePublishedAsync(await RuntimeOfAsync(host));
        return await RunPlaybookAsync([(InventoryHost, host.Container.SshPort)], host.Ssh, host.Temp, arguments);
    }

    /// <summary>
    /// ansible-playbook deploy.yml against <paramref name="hosts"/> (inventory name, ssh port on
    /// 127.0.0.1), all of them in one run as a fleet is deployed.
    /// </summary>
    public static async Task<ProcessResult> RunPlaybookAsync(IReadOnlyList<(string Name, int SshPort)> hosts, SshClient ssh, TempDirectory temp, params string[] arguments)
    {
        var lines = hosts.Select(h => $"""
                    {h.Name}:
                      ansible_host: {SshClient.Address}
                      ansible_port: {h.SshPort}
            """);
        var inventory = temp.Write("inventory.yml", $"""
            all:
              vars:
                ansible_user: {SshClient.User}
                ansible_ssh_private_key_file: {ssh.PrivateKey}
                ansible_ssh_common_args: -F {ssh.ConfigFile}
                ansible_python_interpreter: /usr/bin/python3
              children:
                cocktaildb:
                  hosts:
            {string.Join("\n", lines)}

            """);
        var environment = new Dictionary<string, string?>
        {
            ["ANSIBLE_CONFIG"] = RepositoryFiles.File("infrastructure", "ansible", "ansible.cfg"),
            ["ANSIBLE_HOST_KEY_CHECKING"] = "True",
            ["ANSIBLE_LOCAL_TEMP"] = temp.File("ansible-local"),
            ["ANSIBLE_SSH_CONTROL_PATH_DIR"] = temp.File("ansible-cp"),
            ["ANSIBLE_NOCOLOR"] = "1",
            ["ANSIBLE_FORCE_COLOR"] = "0",
        };
        return await ProcessRunner.RunAsync(
            "ansible-playbook", ["-i", inventory, "playbooks/deploy.yml", .. arguments], environment, RepositoryFiles.AnsibleDirectory, TimeSpan.FromMinutes(6));
    }

    public static PlayRecap Recap(ProcessResult run)
    {
        var recap = RecapLine().Match(run.StdOut);
        Assert.True(recap.Success, $"no PLAY RECAP for {InventoryHost}:\n{run}");
        int Number(string group) => int.Parse(recap.Groups[group].Value, CultureInfo.InvariantCulture);
        return new PlayRecap(Number("ok"), Number("changed"), Number("unreachable"), Number("failed"));
    }

    /// <summary>
    /// How the task named <paramref name="task"/> ended on the host in <paramref name="run"/>:
    /// "ok", "changed", "skipping" or "failed" (the word Ansible prints under its TASK line).
    /// </summary>
    public static string TaskResult(ProcessResult run, string task)
    {
        var block = TaskBlock().Matches(run.StdOut).FirstOrDefault(m => m.Groups["name"].Value == task);
        Assert.True(block is not null, $"no TASK [{task}] in the output:\n{run.StdOut}");
        var status = StatusLine().Match(block.Groups["body"].Value);
        Assert.True(status.Success, $"TASK [{task}] reported nothing for {InventoryHost}:\n{block.Value}");
        return status.Groups[1].Value;
    }

    /// <summary>The .NET runtime the host needs, from its `uname -m` (over ssh, like the playbook's facts).</summary>
    public static async Task<string> RuntimeOfAsync(SimulatedHost host)
    {
        var machine = await host.Shell.RunAsync("uname -m");
        Assert.True(machine.ExitCode == 0, machine.ToString());
        return machine.StdOut.Trim() switch
        {
            "x86_64" => "linux-x64",
            "aarch64" => "linux-arm64",
            var other => throw new InvalidOperationException("no build for a host of architecture " + other),
        };
    }

    [GeneratedRegex(@"^cocktaildb-test-host\s*:\s*ok=(?<ok>\d+)\s+changed=(?<changed>\d+)\s+unreachable=(?<unreachable>\d+)\s+failed=(?<failed>\d+)", RegexOptions.Multiline)]
    private static partial Regex RecapLine();

    [GeneratedRegex(@"^TASK \[(?<name>[^\]]+)\][^\n]*\n(?<body>(?:(?!TASK \[|PLAY RECAP|RUNNING HANDLER \[)[^\n]*\n)*)", RegexOptions.Multiline)]
    private static partial Regex TaskBlock();

    [GeneratedRegex(@"^(ok|changed|skipping|failed|fatal): \[cocktaildb-test-host\]", RegexOptions.Multiline)]
    private static partial Regex StatusLine();
}
