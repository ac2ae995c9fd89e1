using System.Xml.Linq;
using CocktailDb.Ops.MSBuild.Tasks;
using CocktailDb.Ops.MSBuild.Tests.Infrastructure;
using CocktailDb.Ops.Tests.Harness;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace CocktailDb.Ops.MSBuild.Tests.Tasks;

public sealed class ResolveOpsEnvironmentTests
{
    /// <summary>The environments as checked in, read from build/environments.props itself.</summary>
    private static ITaskItem[] CheckedInEnvironments()
    {
        var file = Path.Combine(TestEnvironment.RepoRoot, "src", "Ops.MSBuild", "build", "environments.props");
        return XDocument.Load(file).Descendants("CocktailDbEnvironment")
            .Select(e =>
            {
                var item = new TaskItem(e.Attribute("Include")!.Value);
                foreach (var attribute in e.Attributes().Where(a => a.Name != "Include"))
                {
                    item.SetMetadata(attribute.Name.LocalName, attribute.Value);
                }

                return (ITaskItem)item;
            })
            .ToArray();
    }

    private static (ResolveOpsEnvironment Task, FakeBuildEngine Engine, bool Result) Run(Action<ResolveOpsEnvironment> configure)
    {
        var engine = new FakeBuildEngine();
        var task = new ResolveOpsEnvironment { BuildEngine = engine, Environments = CheckedInEnvironments() };
        configure(task);
        return (task, engine, task.Execute());
    }

    [Fact]
    public void Dev_and_prod_are_the_seed_hosts_reached_as_ec2_user_running_migrate_as_cocktaildb()
    {
        var (dev, _, devOk) = Run(t => t.Env = "dev");
        var (prod, _, prodOk) = Run(t => t.Env = "prod");

        Assert.True(devOk && prodOk);
        Assert.Equal(("dev.mixology.tools", "ec2-user", "cocktaildb", "/opt/cocktaildb/.env", ""), (dev.Host, dev.User, dev.RunAs, dev.EnvFile, dev.Port));
        Assert.Equal(("mixology.tools", "ec2-user", "cocktaildb", "/opt/cocktaildb/.env"), (prod.Host, prod.User, prod.RunAs, prod.EnvFile));
        Assert.False(dev.IsLocal);
    }

    [Fact]
    public void Command_line_overrides_replace_each_value_of_the_environment()
    {
        var (task, _, ok) = Run(t =>
        {
            t.Env = "prod";
            t.RemoteHost = "10.0.0.7";
            t.RemoteUser = "admin";
            t.RemotePort = "2222";
            t.RemoteRunAs = "svc";
            t.RemoteEnvFile = "/etc/cocktaildb.env";
        });

        Assert.True(ok);
        Assert.Equal(("10.0.0.7", "admin", "2222", "svc", "/etc/cocktaildb.env"), (task.Host, task.User, task.Port, task.RunAs, task.EnvFile));
    }

    [Fact]
    public void Env_local_is_built_in_and_needs_no_host()
    {
        var (task, engine, ok) = Run(t => t.Env = "local");

        Assert.True(ok);
        Assert.True(task.IsLocal);
        Assert.Empty(engine.Errors);
    }

    [Fact]
    public void An_unknown_environment_is_an_error_listing_the_known_ones()
    {
        var (_, engine, ok) = Run(t => t.Env = "staging");

        Assert.False(ok);
        var error = engine.SingleError();
        Assert.Equal("OPSB1002", error.Code);
        Assert.Contains("unknown environment 'staging'", error.Message);
        Assert.Contains("known environments: local, dev, prod", error.Message);
    }

    [Fact]
    public void A_missing_Env_says_how_to_pass_it()
    {
        var (_, engine, ok) = Run(_ => { });

        Assert.False(ok);
        Assert.Equal("OPSB1001", engine.SingleError().Code);
        Assert.Contains("-p:Env=<local|dev|prod>", engine.SingleError().Message);
    }

    [Theory]
    [InlineData("RemoteHost", "-oProxyCommand=touch /tmp/pwned")]
    [InlineData("RemoteHost", "host;reboot")]
    [InlineData("RemoteUser", "ec2-user -oProxyCommand=x")]
    [InlineData("RemoteRunAs", "root; rm -rf /")]
    [InlineData("RemotePort", "22a")]
    [InlineData("RemoteEnvFile", "relative/.env")]
    public void A_value_that_is_not_what_it_claims_to_be_is_refused_before_anything_runs(string property, string value)
    {
        var (_, engine, ok) = Run(t =>
        {
            t.Env = "dev";
            typeof(ResolveOpsEnvironment).GetProperty(property)!.SetValue(t, value);
        });

        Assert.False(ok);
        var error = engine.SingleError();
        Assert.Equal("OPSB1003", error.Code);
        Assert.StartsWith($"{property} '{value}' is not", error.Message);
    }
}
