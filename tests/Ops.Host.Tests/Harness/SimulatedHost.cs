using CocktailDb.Ops.Deployment.Tests.Harness;

namespace CocktailDb.Ops.Host.Tests.Harness;

/// <summary>
/// A booted simulated EC2 host, ready for an operator: ec2-user reachable over OpenSSH with this
/// run's key (host key checked strictly), PostgreSQL up with the CocktailDB database, and
/// /opt/cocktaildb/.env in place. cocktaildb-ops is not deployed yet. One per test collection.
/// </summary>
public class SimulatedHost : IAsyncLifetime
{
    private static readonly TimeSpan BootTimeout = TimeSpan.FromMinutes(2);

    private readonly TempDirectory _temp = new();
    private HostContainer? _container;
    private SshClient? _ssh;

    internal HostContainer Container => _container ?? throw new InvalidOperationException("the host is not started");

    internal SshClient Ssh => _ssh ?? throw new InvalidOperationException("the host is not started");

    internal TempDirectory Temp => _temp;

    internal HostShell Shell { get; private set; } = null!;

    internal HostUnits Units { get; private set; } = null!;

    internal HostJournal Journal { get; private set; } = null!;

    internal AnalyticsStandIn StandIn { get; private set; } = null!;

    internal HostDatabase Database { get; } = new();

    public virtual async Task InitializeAsync()
    {
        _ssh = await SshClient.CreateAsync(_temp);
        _container = await HostContainer.StartAsync();
        Shell = new HostShell(_ssh, () => Container.SshPort);
        Units = new HostUnits(Shell);
        Journal = new HostJournal(Shell);
        StandIn = new AnalyticsStandIn(Shell);

        // The console hands over this run's public key, as cloud-init does from the EC2 key pair.
        var authorize = await Container.ExecAsync(
            ["sh", "-c", "cat > /home/ec2-user/.ssh/authorized_keys"], Ssh.PublicKey + "\n");
        Assert.True(authorize.ExitCode == 0, authorize.ToString());
        await BootedAsync();
        await Database.CreateAsync(Shell);
    }

    /// <summary>Restarts the container (a reboot) and waits until it is up and reachable again.</summary>
    internal async Task RebootAsync()
    {
        await Container.RestartAsync();
        await BootedAsync();
    }

    public virtual async Task DisposeAsync()
    {
        if (_container is not null)
        {
            await _container.DisposeAsync();
        }

        _temp.Dispose();
    }

    private async Task BootedAsync()
    {
        await Container.WaitUntilRunningAsync(BootTimeout);
        Ssh.TrustHostKey(Container.SshPort, await Container.HostKeyAsync());
        var whoami = await Shell.RunAsync("id -un");
        Assert.True(whoami.ExitCode == 0 && whoami.StdOut.Trim() == SshClient.User, $"ssh to the host failed:\n{whoami}");
    }
}
