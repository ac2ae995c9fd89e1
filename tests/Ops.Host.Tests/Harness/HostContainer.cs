using System.Globalization;
using CocktailDb.Ops.Deployment.Tests.Harness;
using CocktailDb.Ops.Tests.Harness;

namespace CocktailDb.Ops.Host.Tests.Harness;

/// <summary>
/// One simulated EC2 host: a container of the cocktaildb-test/host image with systemd as PID 1,
/// run the way this machine allows (SYS_ADMIN, cgroups read-only, /run on tmpfs; --privileged is
/// refused here). sshd and PostgreSQL are published on 127.0.0.1 only, on ports docker picks;
/// they change when the container restarts. docker exec is the host's console: used to hand
/// over the authorized key and read the host key, never to run the path under test.
/// </summary>
internal sealed class HostContainer : IAsyncDisposable
{
    /// <summary>Every host container carries it, so a crashed run's leftovers can be found (and CI removes them).</summary>
    public const string Label = "cocktaildb-test=host";

    private HostContainer(string id) => Id = id;

    public string Id { get; }

    public int SshPort { get; private set; }

    public int PostgresPort { get; private set; }

    /// <summary>cocktaildb-test/host:15 (bookworm) or :17 (trixie), as COCKTAILDB_TEST_PG says.</summary>
    public static string Image => $"cocktaildb-test/host:{PostgresMajor}";

    public static string PostgresMajor => Environment.GetEnvironmentVariable("COCKTAILDB_TEST_PG") is { Length: > 0 } v ? v : "15";

    /// <summary>Fails the test unless the image exists and was built from the files tests/host-image holds now.</summary>
    public static async Task CheckImageAsync()
    {
        var image = await Docker.RunAsync(["image", "inspect", "--format", "{{ index .Config.Labels \"cocktaildb.inputs\" }}", Image]);
        Assert.True(image.ExitCode == 0, $"the image {Image} is missing; build it with: bash tests/host-image/build-image.sh {PostgresMajor}");
        var inputs = await ProcessRunner.RunAsync("bash", [RepositoryFiles.File("tests", "image-inputs.sh"), RepositoryFiles.File("tests", "host-image"), PostgresMajor]);
        Assert.True(
            image.StdOut.Trim() == inputs.StdOut.Trim(),
            $"the image {Image} was built from other files than tests/host-image holds now; rebuild it with: bash tests/host-image/build-image.sh {PostgresMajor}");
    }

    public static async Task<HostContainer> StartAsync()
    {
        await CheckImageAsync();

        var id = await Docker.CheckedAsync([
            "run", "--detach",
            "--name", $"cocktaildb-host-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..8]}",
            "--label", Label,
            "--hostname", "cocktaildb-test-host",
            "--cap-add", "SYS_ADMIN",
            "--tmpfs", "/run", "--tmpfs", "/run/lock",
            "--volume", "/sys/fs/cgroup:/sys/fs/cgroup:ro",
            "--publish", "127.0.0.1::22", "--publish", "127.0.0.1::5432",
            // systemd halts in order on SIGRTMIN+3; on SIGTERM it would re-execute itself.
            "--stop-signal", "SIGRTMIN+3",
            Image,
        ]);
        var container = new HostContainer(id);
        await container.ReadPortsAsync();
        return container;
    }

    /// <summary>Runs <paramref name="command"/> on the console as root.</summary>
    public Task<ProcessResult> ExecAsync(string[] command, string? input = null, TimeSpan? timeout = null) =>
        Docker.RunAsync(["exec", "--interactive", Id, .. command], input, timeout);

    /// <summary>
    /// Waits until systemd has finished booting and says "running": every unit that should be
    /// up is up, none failed. Names the failed units otherwise.
    /// </summary>
    public async Task WaitUntilRunningAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            // Fails with "Failed to connect to bus" until PID 1 has its D-Bus socket up.
            var state = await ExecAsync(["systemctl", "is-system-running", "--wait"], timeout: timeout);
            var answer = state.StdOut.Trim();
            if (answer == "running")
            {
                return;
            }

            if (answer is "degraded" or "maintenance" or "stopping" || DateTime.UtcNow > deadline)
            {
                var failed = await ExecAsync(["systemctl", "list-units", "--failed", "--no-legend", "--plain"]);
                Assert.Fail($"the host did not come up: is-system-running says '{answer}' ({state.StdErr.Trim()}); failed units:\n{failed.StdOut}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250));
        }
    }

    /// <summary>The host's ed25519 key ("ssh-ed25519 AAAA..."), as its console shows it; sshd makes it on first boot.</summary>
    public async Task<string> HostKeyAsync()
    {
        var key = await ExecAsync(["cat", "/etc/ssh/ssh_host_ed25519_key.pub"]);
        Assert.True(key.ExitCode == 0, key.ToString());
        return key.StdOut.Trim();
    }

    /// <summary>A reboot: systemd shuts down in order and the container boots again (new ports).</summary>
    public async Task RestartAsync()
    {
        await Docker.CheckedAsync(["restart", "--time", "60", Id], timeout: TimeSpan.FromMinutes(3));
        await ReadPortsAsync();
    }

    /// <summary>When the container last started: the moment the host's latest boot began (its clock is this machine's).</summary>
    public async Task<DateTimeOffset> StartedAtAsync() =>
        DateTimeOffset.Parse(await Docker.CheckedAsync(["inspect", "--format", "{{.State.StartedAt}}", Id]), CultureInfo.InvariantCulture);

    public async ValueTask DisposeAsync() => await Docker.RunAsync(["rm", "--force", "--volumes", Id]);

    private async Task ReadPortsAsync()
    {
        SshPort = await PublishedPortAsync(22);
        PostgresPort = await PublishedPortAsync(5432);
    }

    private async Task<int> PublishedPortAsync(int containerPort)
    {
        // "127.0.0.1:49153": only a loopback binding was asked for.
        var binding = await Docker.CheckedAsync(["port", Id, containerPort.ToString(CultureInfo.InvariantCulture) + "/tcp"]);
        var line = binding.Split('\n', StringSplitOptions.RemoveEmptyEntries).Single();
        Assert.StartsWith("127.0.0.1:", line, StringComparison.Ordinal);
        return int.Parse(line["127.0.0.1:".Length..], CultureInfo.InvariantCulture);
    }
}
