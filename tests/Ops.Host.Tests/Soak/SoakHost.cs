using System.Globalization;
using CocktailDb.Ops.Host.Tests.Harness;
using CocktailDb.Ops.Tests.Harness;

namespace CocktailDb.Ops.Host.Tests.Soak;

/// <summary>
/// One host of the soak cluster: a container of the host image with systemd as PID 1, sharing
/// the cluster's network namespace, so PostgreSQL is 127.0.0.1:5432 to it as to a database on
/// the same machine and sshd listens on a port of its own. Deployed by the playbook like any
/// host; docker exec is its console, for what an operator does there (stop a job, reboot).
/// </summary>
internal sealed class SoakHost(string name, string containerId, int sshPortInside)
{
    public string Name { get; } = name;

    public string ContainerId { get; } = containerId;

    /// <summary>The port sshd listens on inside the shared namespace (published by the cluster).</summary>
    public int SshPortInside { get; } = sshPortInside;

    public int SshPort { get; set; }

    /// <summary>The console command that turns the host image into this host, then boots systemd.</summary>
    public static string BootCommand(string name, int sshPort) => string.Join("; ",
        // The cluster's PostgreSQL is its own container: this host's would take the same port.
        "for unit in postgresql.service postgresql@15-main.service postgresql@17-main.service; do ln -sf /dev/null /etc/systemd/system/$unit; done",
        $"echo 'Port {sshPort.ToString(CultureInfo.InvariantCulture)}' > /etc/ssh/sshd_config.d/60-soak-port.conf",
        $"echo {name} > /etc/hostname",
        "exec /lib/systemd/systemd");

    /// <summary>A bash script as root on the console.</summary>
    public Task<ProcessResult> ExecAsync(string script, string? input = null, TimeSpan? timeout = null) =>
        Docker.RunAsync(["exec", "--interactive", ContainerId, "bash", "-c", script], input, timeout);

    public async Task<string> ExecCheckedAsync(string script, string? input = null, TimeSpan? timeout = null)
    {
        var result = await ExecAsync(script, input, timeout);
        Assert.True(result.ExitCode == 0, $"on {Name}: {script}\n{result}");
        return result.StdOut;
    }

    public async Task WaitUntilRunningAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var state = (await ExecAsync("systemctl is-system-running --wait", timeout: timeout)).StdOut.Trim();
            if (state == "running")
            {
                return;
            }

            if (state is "degraded" or "maintenance" || DateTime.UtcNow > deadline)
            {
                var failed = await ExecAsync("systemctl list-units --failed --no-legend --plain");
                Assert.Fail($"{Name} did not come up: is-system-running says '{state}'; failed units:\n{failed.StdOut}");
            }

            await Task.Delay(250);
        }
    }

    /// <summary>A reboot: systemd shuts down in order (the analytics unit before the network), the host boots again.</summary>
    public async Task RebootAsync()
    {
        await Docker.CheckedAsync(["restart", "--time", "60", ContainerId], timeout: TimeSpan.FromMinutes(3));
        await WaitUntilRunningAsync(TimeSpan.FromMinutes(2));
    }
}
