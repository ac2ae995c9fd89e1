using CocktailDb.Ops.Tests.Harness;

namespace CocktailDb.Ops.Host.Tests.Harness;

/// <summary>
/// A simulated host after its first deploy: the host as production had it (the analytics job
/// with its old daily timer enabled), then ansible-playbook deploy.yml, whose output is kept
/// for the tests to judge.
/// </summary>
public sealed class DeployedHost : SimulatedHost
{
    internal ProcessResult FirstDeploy { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        FirstDeploy = await HostDeployment.DeployAsync(this);
        Assert.True(FirstDeploy.ExitCode == 0, $"the first deploy failed:\n{FirstDeploy}");
    }
}

/// <summary>Tests of the deploy itself and of what runs on the host afterwards: timer, polkit, journal.</summary>
[CollectionDefinition(Name)]
public sealed class DeployedHostCollection : ICollectionFixture<DeployedHost>
{
    public const string Name = "deployed-host";
}

/// <summary>The Migrate target against a host of its own, so its builds overlap the other collection's waiting.</summary>
[CollectionDefinition(Name)]
public sealed class MigrateTargetHostCollection : ICollectionFixture<DeployedHost>
{
    public const string Name = "migrate-target-host";
}
