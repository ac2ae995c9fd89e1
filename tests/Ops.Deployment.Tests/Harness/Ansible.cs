using System.Globalization;
using System.Text.RegularExpressions;
using CocktailDb.Ops.Tests.Harness;

namespace CocktailDb.Ops.Deployment.Tests.Harness;

/// <summary>
/// Runs ansible-playbook on deploy.yml with the repository's ansible.cfg, against this machine
/// only: an inventory of one host, localhost over the local connection, in the playbook's
/// cocktaildb group. Runs are limited to tags that only check or only migrate (the callers
/// pass them), so nothing here touches the machine's systemd, users or /usr/local/bin.
/// </summary>
internal sealed partial class Ansible : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly string _inventory;

    public Ansible()
    {
        // The interpreter Debian's ansible is installed for; python3 on PATH may be another.
        _inventory = _temp.Write("inventory.yml", """
            all:
              children:
                cocktaildb:
                  hosts:
                    localhost:
                      ansible_connection: local
                      ansible_python_interpreter: /usr/bin/python3
            """);
    }

    public TempDirectory Temp => _temp;

    /// <summary>
    /// ansible-playbook deploy.yml with <paramref name="arguments"/> added. become is switched
    /// off: the test runs as whoever runs the tests, where the host would sudo.
    /// </summary>
    public Task<ProcessResult> PlaybookAsync(params string[] arguments) =>
        ProcessRunner.RunAsync(
            "ansible-playbook",
            ["-i", _inventory, "--limit", "localhost", "-e", "ansible_become=false", RepositoryFiles.Playbook, .. arguments],
            Environment(),
            RepositoryFiles.AnsibleDirectory,
            TimeSpan.FromMinutes(3));

    /// <summary>How many tasks a finished run reported as changed on localhost (PLAY RECAP).</summary>
    public static int Changed(ProcessResult run)
    {
        var recap = RecapLine().Match(run.StdOut);
        Assert.True(recap.Success, $"no PLAY RECAP for localhost:\n{run}");
        return int.Parse(recap.Groups[1].Value, CultureInfo.InvariantCulture);
    }

    /// <summary>"ok", "changed", "skipping" or "failed": what a finished run reported for one task on localhost.</summary>
    public static string TaskResult(ProcessResult run, string task)
    {
        var header = run.StdOut.IndexOf($"TASK [{task}]", StringComparison.Ordinal);
        Assert.True(header >= 0, $"task '{task}' did not run:\n{run}");
        var result = TaskLine().Match(run.StdOut, header);
        Assert.True(result.Success, $"no result for task '{task}':\n{run}");
        return result.Groups[1].Value;
    }

    public Dictionary<string, string?> Environment() => new()
    {
        // What an operator gets running from infrastructure/ansible/ (pipelining and all).
        ["ANSIBLE_CONFIG"] = Path.Combine(RepositoryFiles.AnsibleDirectory, "ansible.cfg"),
        ["ANSIBLE_LOCAL_TEMP"] = _temp.File("local-tmp"),
        ["ANSIBLE_REMOTE_TEMP"] = _temp.File("remote-tmp"),
        ["ANSIBLE_NOCOLOR"] = "1",
        ["ANSIBLE_FORCE_COLOR"] = "0",
    };

    public void Dispose() => _temp.Dispose();

    [GeneratedRegex(@"^localhost\s*:\s*ok=\d+\s+changed=(\d+)", RegexOptions.Multiline)]
    private static partial Regex RecapLine();

    [GeneratedRegex(@"^(ok|changed|skipping|failed|fatal): \[localhost\]", RegexOptions.Multiline)]
    private static partial Regex TaskLine();
}
