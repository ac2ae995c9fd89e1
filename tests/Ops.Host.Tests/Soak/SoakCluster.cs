using System.Globalization;
using CocktailDb.Ops.Deployment.Tests.Harness;
using CocktailDb.Ops.Host.Tests.Harness;
using CocktailDb.Ops.Tests.Harness;
using Npgsql;

namespace CocktailDb.Ops.Host.Tests.Soak;

[CollectionDefinition(Name)]
public sealed class SoakClusterCollection : ICollectionFixture<SoakCluster>
{
    public const string Name = "soak-cluster";
}

/// <summary>
/// Three simulated EC2 hosts against one PostgreSQL, deployed by the shipped playbook in one run,
/// as a fleet is. All four containers share one network namespace (held by a fifth that only
/// sleeps, so any of them can restart): every connection between them is on 127.0.0.1, and
/// PostgreSQL and each host's sshd are published on 127.0.0.1 of this machine. The hosts run the
/// shipped units, the playbook's drop-in and polkit rule, and the stand-in job set up like the
/// real unit; the soak shortens the timings by drop-ins only (<see cref="Timings"/>).
/// </summary>
public sealed class SoakCluster : IAsyncLifetime
{
    public const int HostCount = 3;
    public const string Analytics = "cocktaildb-analytics.service";
    public const string Check = "cocktaildb-analytics-debounce.service";
    public const string Timer = "cocktaildb-analytics-debounce.timer";
    private const int FirstSshPort = 2201;
    private const string TimingDropIn = "90-soak-timings";

    private readonly TempDirectory _temp = new();
    private readonly List<SoakHost> _hosts = [];
    private readonly List<string> _containers = [];
    private string _postgres = string.Empty;

    internal IReadOnlyList<SoakHost> Hosts => _hosts;

    internal HostDatabase Database { get; } = new();

    internal SshClient Ssh { get; private set; } = null!;

    internal TempDirectory Temp => _temp;

    /// <summary>The PostgreSQL port published on 127.0.0.1 of this machine.</summary>
    internal int PostgresPort { get; private set; }

    internal string PostgresContainer => _postgres;

    /// <summary>The API's role, as the writers connect (through the published port).</summary>
    internal NpgsqlConnectionStringBuilder ApiSettings => new()
    {
        Host = "127.0.0.1",
        Port = PostgresPort,
        Username = HostDatabase.ApiRole,
        Password = Database.Password,
        Database = HostDatabase.Name,
        Pooling = false,
    };

    public async Task InitializeAsync()
    {
        await HostContainer.CheckImageAsync();
        Ssh = await SshClient.CreateAsync(_temp);
        var run = $"{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..8]}";
        var holder = await StartAsync([
            "--name", $"cocktaildb-soak-net-{run}", "--publish", "127.0.0.1::5432",
            .. Enumerable.Range(FirstSshPort, HostCount).SelectMany(p => new[] { "--publish", $"127.0.0.1::{p}" }),
            HostContainer.Image, "sleep", "infinity"]);

        // Host connections need the password (initdb's default would trust 127.0.0.1).
        var settings = _temp.Write("postgres.env",
            $"POSTGRES_PASSWORD={Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(12))}\n" +
            "POSTGRES_INITDB_ARGS=--auth-host=scram-sha-256 --auth-local=trust\n");
        _postgres = await StartAsync([
            "--name", $"cocktaildb-soak-db-{run}", "--network", $"container:{holder}", "--env-file", settings,
            $"cocktaildb-test/postgres:{HostContainer.PostgresMajor}", "postgres", "-c", "fsync=off", "-c", "max_connections=300"]);
        await WaitForPostgresAsync();
        await PsqlAsync($"""
            CREATE ROLE {HostDatabase.ApiRole} LOGIN PASSWORD '{Database.Password}';
            CREATE DATABASE {HostDatabase.Name} OWNER {HostDatabase.ApiRole};

            """);

        for (var i = 0; i < HostCount; i++)
        {
            var name = $"web-{i + 1}";
            var id = await StartAsync([
                "--name", $"cocktaildb-soak-{name}-{run}", "--network", $"container:{holder}",
                "--cap-add", "SYS_ADMIN", "--tmpfs", "/run", "--tmpfs", "/run/lock", "--volume", "/sys/fs/cgroup:/sys/fs/cgroup:ro",
                "--stop-signal", "SIGRTMIN+3", "--entrypoint", "/bin/bash",
                HostContainer.Image, "-c", SoakHost.BootCommand(name, FirstSshPort + i)]);
            _hosts.Add(new SoakHost(name, id, FirstSshPort + i));
        }

        PostgresPort = await PublishedPortAsync(holder, 5432);
        var keys = new List<(int, string)>();
        foreach (var host in _hosts)
        {
            host.SshPort = await PublishedPortAsync(holder, host.SshPortInside);
            await host.WaitUntilRunningAsync(TimeSpan.FromMinutes(3));
            await host.ExecCheckedAsync("cat > /home/ec2-user/.ssh/authorized_keys", Ssh.PublicKey + "\n");
            await host.ExecCheckedAsync($"install -d -m 0755 /opt/cocktaildb && cat > {HostDatabase.EnvFile} && chmod 0644 {HostDatabase.EnvFile}", Database.EnvFileText);
            keys.Add((host.SshPort, (await host.ExecCheckedAsync("cat /etc/ssh/ssh_host_ed25519_key.pub")).Trim()));
        }

        Ssh.TrustHostKeys(keys);
        await OpsBinary.EnsurePublishedAsync(OpsBinary.CurrentRid);
        var deploy = await HostDeployment.RunPlaybookAsync(_hosts.Select(h => (h.Name, h.SshPort)).ToList(), Ssh, _temp);
        Assert.True(deploy.ExitCode == 0, $"the deploy of the soak hosts failed:\n{deploy}");
        foreach (var host in _hosts)
        {
            await InstallTimingsAsync(host);
        }
    }

    public async Task DisposeAsync()
    {
        foreach (var id in Enumerable.Reverse(_containers))
        {
            await Docker.RunAsync(["rm", "--force", "--volumes", id]);
        }

        _temp.Dispose();
    }

    /// <summary>
    /// The soak's time scale, by drop-ins: a check every second deciding with a 1 s quiet period,
    /// a 6 s max wait and a 1 s first retry delay; runs stopped after 6 s, their processes given
    /// 3 s to die (a claim then lasts 6 + 3 s + 5 s margin); no start rate limit (systemd's
    /// default of 5 starts in 10 s is for units started a few times a day).
    /// </summary>
    public static string Timings(string unit) => unit switch
    {
        Check => $"""
            [Unit]
            StartLimitIntervalSec=0
            [Service]
            ExecStart=
            ExecStart={UnitFile.Load(RepositoryFiles.DebounceService).Single("Service", "ExecStart")} --quiet-period 1s --max-wait 6s --retry-delay 1s

            """,
        Timer => """
            [Timer]
            OnUnitActiveSec=1s
            AccuracySec=100ms

            """,
        _ => """
            [Unit]
            StartLimitIntervalSec=0
            [Service]
            TimeoutStartSec=6s
            TimeoutStopSec=3s

            """,
    };

    /// <summary>Restarts the cluster's PostgreSQL (fast shutdown: every session is dropped) and waits until it answers.</summary>
    internal async Task RestartPostgresAsync()
    {
        await Docker.CheckedAsync(["restart", "--time", "10", _postgres], timeout: TimeSpan.FromMinutes(2));
        await WaitForPostgresAsync();
    }

    internal async Task<string> PsqlAsync(string sql)
    {
        var result = await Docker.RunAsync(["exec", "--interactive", _postgres, "psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-U", "postgres", "-d", "postgres"], sql);
        Assert.True(result.ExitCode == 0, result.ToString());
        return result.StdOut;
    }

    private async Task InstallTimingsAsync(SoakHost host)
    {
        foreach (var unit in new[] { Check, Timer, Analytics })
        {
            await host.ExecCheckedAsync($"install -d -m 0755 /etc/systemd/system/{unit}.d && cat > /etc/systemd/system/{unit}.d/{TimingDropIn}.conf", Timings(unit));
        }

        await host.ExecCheckedAsync($"systemctl daemon-reload && systemctl restart {Timer}");
    }

    private async Task<string> StartAsync(IEnumerable<string> arguments)
    {
        var id = await Docker.CheckedAsync(["run", "--detach", "--label", HostContainer.Label, .. arguments]);
        _containers.Add(id);
        return id;
    }

    private async Task WaitForPostgresAsync() =>
        await Poll.UntilAsync(
            async () => (await Docker.RunAsync(["exec", _postgres, "pg_isready", "-q", "-h", "127.0.0.1", "-p", "5432"])).ExitCode == 0,
            TimeSpan.FromMinutes(1),
            "the soak's PostgreSQL to accept connections");

    private static async Task<int> PublishedPortAsync(string container, int port)
    {
        var binding = await Docker.CheckedAsync(["port", container, port.ToString(CultureInfo.InvariantCulture) + "/tcp"]);
        var line = binding.Split('\n', StringSplitOptions.RemoveEmptyEntries).Single();
        Assert.StartsWith("127.0.0.1:", line, StringComparison.Ordinal);
        return int.Parse(line["127.0.0.1:".Length..], CultureInfo.InvariantCulture);
    }
}
