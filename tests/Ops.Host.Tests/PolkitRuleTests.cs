using CocktailDb.Ops.Host.Tests.Harness;
using CocktailDb.Ops.Tests.Harness;

namespace CocktailDb.Ops.Host.Tests;

/// <summary>
/// The deployed polkit rule, judged by the real polkitd: systemctl as the cocktaildb account,
/// never asking for a password (as the check runs it), against the host's systemd.
/// </summary>
[Collection(DeployedHostCollection.Name)]
public sealed class PolkitRuleTests(DeployedHost host)
{
    private const string Rule = "/etc/polkit-1/rules.d/50-cocktaildb-analytics.rules";

    [Fact]
    public async Task The_service_account_may_start_the_analytics_job()
    {
        await host.StandIn.ResetKnobsAsync();
        var before = (await host.StandIn.RunsAsync()).Count;

        var start = await host.Units.SystemctlAsAsync(OpsOnHost.Account, "start", AnalyticsStandIn.Unit);

        Assert.True(start.ExitCode == 0, start.ToString());
        Assert.Single(await host.StandIn.RunsSinceAsync(before));
    }

    [Fact]
    public async Task The_service_account_may_not_start_another_unit()
    {
        const string other = "systemd-tmpfiles-clean.service";
        var before = await host.Units.ShowAsync(other, "InvocationID");

        var start = await host.Units.SystemctlAsAsync(OpsOnHost.Account, "start", other);

        AssertRefused(start);
        Assert.Equal(before["InvocationID"], (await host.Units.ShowAsync(other, "InvocationID"))["InvocationID"]);
    }

    [Fact]
    public async Task The_service_account_may_not_stop_an_unrelated_unit_nor_stop_or_restart_the_analytics_job()
    {
        var postgres = await host.Units.ShowAsync("postgresql@" + HostContainer.PostgresMajor + "-main.service", "ActiveState", "InvocationID");
        try
        {
            AssertRefused(await host.Units.SystemctlAsAsync(OpsOnHost.Account, "stop", "postgresql.service"));
            AssertRefused(await host.Units.SystemctlAsAsync(OpsOnHost.Account, "stop", AnalyticsStandIn.Unit));
            AssertRefused(await host.Units.SystemctlAsAsync(OpsOnHost.Account, "restart", AnalyticsStandIn.Unit));

            var after = await host.Units.ShowAsync(postgres.Unit, "ActiveState", "InvocationID");
            Assert.Equal("active", after.ActiveState);
            Assert.Equal(postgres["InvocationID"], after["InvocationID"]);
        }
        finally
        {
            // Had the rule let it through, the next tests would need their database back.
            await host.Units.SystemctlAsync("start", "postgresql.service");
        }
    }

    [Fact]
    public async Task Without_the_rule_the_service_account_may_not_start_the_analytics_job_either()
    {
        await host.Shell.RootCheckedAsync($"mv {Rule} /root/");
        try
        {
            // polkitd notices the removal by itself, within moments.
            var start = await RetryUntilAsync(r => r.ExitCode != 0, () => host.Units.SystemctlAsAsync(OpsOnHost.Account, "start", AnalyticsStandIn.Unit));

            AssertRefused(start);
        }
        finally
        {
            await host.Shell.RootCheckedAsync($"mv /root/{Path.GetFileName(Rule)} {Rule}");
        }

        var again = await RetryUntilAsync(r => r.ExitCode == 0, () => host.Units.SystemctlAsAsync(OpsOnHost.Account, "start", AnalyticsStandIn.Unit));
        Assert.True(again.ExitCode == 0, again.ToString());
    }

    /// <summary>polkit said no: systemctl fails asking for an authentication nobody may give.</summary>
    private static void AssertRefused(ProcessResult result)
    {
        Assert.NotEqual(0, result.ExitCode);
        Assert.True(
            result.StdErr.Contains("Interactive authentication required", StringComparison.Ordinal) || result.StdErr.Contains("Access denied", StringComparison.Ordinal),
            "systemctl failed for another reason than authorization:\n" + result);
    }

    private static async Task<ProcessResult> RetryUntilAsync(Func<ProcessResult, bool> done, Func<Task<ProcessResult>> action)
    {
        for (var attempt = 1; ; attempt++)
        {
            var result = await action();
            if (done(result) || attempt == 20)
            {
                return result;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(500));
        }
    }
}
