using System.Globalization;
using CocktailDb.Ops.Host.Tests.Harness;

namespace CocktailDb.Ops.Host.Tests;

/// <summary>A reboot of the deployed host, with the shipped units only: nobody logs in, nobody starts anything.</summary>
[Collection(DeployedHostCollection.Name)]
public sealed class BootTests(DeployedHost host)
{
    [Fact]
    public async Task After_a_reboot_the_debounce_timer_starts_a_check_before_anyone_logs_in()
    {
        await host.RebootAsync();
        var boot = await host.Container.StartedAtAsync();

        // The harness's first ssh login after the boot (it waited on the console until then).
        var logins = (await host.Journal.ReadAsync([.. HostJournal.Sshd, "--since", HostJournal.Since(boot)]))
            .Where(e => e.Message.StartsWith("Accepted publickey for ec2-user", StringComparison.Ordinal))
            .ToList();
        Assert.NotEmpty(logins);
        var firstLogin = logins.Min(e => e.At);

        // The check ran, as cocktaildb, between the boot and that login.
        var uid = int.Parse(await host.Shell.RootCheckedAsync($"id -u {OpsOnHost.Account}"), CultureInfo.InvariantCulture);
        var checks = await host.Journal.ReadAsync("_SYSTEMD_UNIT=" + FastDebounce.Service, "--since", HostJournal.Since(boot));
        Assert.Contains(checks, e => e.At < firstLogin && e.Uid == uid);
        // systemd's own record of that start job: done, before the login.
        var jobs = await host.Journal.ReadAsync("UNIT=" + FastDebounce.Service, "--since", HostJournal.Since(boot), "--until", HostJournal.Since(firstLogin));
        Assert.Contains(jobs, e => e.Field("JOB_TYPE") == "start" && e.Field("JOB_RESULT") == "done");

        // The timer itself: triggered in this boot, enabled, waiting for its next tick.
        var timer = await host.Units.ShowAsync(FastDebounce.Timer, "ActiveState", "UnitFileState");
        Assert.Equal("active", timer.ActiveState);
        Assert.Equal("enabled", timer["UnitFileState"]);
        var listing = await host.Units.SystemctlAsync("list-timers", "--no-pager", FastDebounce.Timer);
        Assert.True(listing.ExitCode == 0, listing.ToString());
        // NEXT (the first column) is a time, not "-": the next check is scheduled.
        var row = Assert.Single(listing.StdOut.Split('\n'), line => line.Contains(FastDebounce.Timer, StringComparison.Ordinal));
        Assert.NotEqual("-", row.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0]);

        // The old daily timer stays off across the reboot.
        var daily = await host.Units.ShowAsync("cocktaildb-analytics.timer", "ActiveState", "UnitFileState");
        Assert.Equal("inactive", daily.ActiveState);
        Assert.Equal("disabled", daily["UnitFileState"]);
    }
}
