using System.Security.Cryptography;
using CocktailDb.Ops.Deployment.Tests.Harness;
using CocktailDb.Ops.Host.Tests.Harness;
using CocktailDb.Ops.Tests.Harness;
using Npgsql;

namespace CocktailDb.Ops.Host.Tests;

/// <summary>
/// ansible-playbook deploy.yml against a host as production had it before cocktaildb-ops:
/// the database and its .env in place, the analytics job started by a daily timer. The first
/// deploy ran when the collection's host was set up (<see cref="DeployedHost"/>).
/// </summary>
[Collection(DeployedHostCollection.Name)]
public sealed class PlaybookDeployTests(DeployedHost host)
{
    private const string DebounceTimer = "cocktaildb-analytics-debounce.timer";
    private const string DailyTimer = "cocktaildb-analytics.timer";

    [Fact]
    public async Task The_first_deploy_installs_the_binary_built_for_the_hosts_architecture_the_units_the_drop_in_and_the_polkit_rule()
    {
        var recap = HostDeployment.Recap(host.FirstDeploy);
        Assert.Equal(0, recap.Failed);
        Assert.Equal(0, recap.Unreachable);
        Assert.True(recap.Changed > 0, host.FirstDeploy.StdOut);

        var rid = await HostDeployment.RuntimeOfAsync(host);
        var installed = new (string Local, string Remote, string Mode)[]
        {
            (OpsBinary.PathFor(rid), "/usr/local/bin/cocktaildb-ops", "755 root root"),
            (RepositoryFiles.DebounceService, "/etc/systemd/system/cocktaildb-analytics-debounce.service", "644 root root"),
            (RepositoryFiles.DebounceTimer, "/etc/systemd/system/" + DebounceTimer, "644 root root"),
            (RepositoryFiles.AnalyticsDropIn, "/etc/systemd/system/cocktaildb-analytics.service.d/50-cocktaildb-ops.conf", "644 root root"),
            (RepositoryFiles.PolkitRule, "/etc/polkit-1/rules.d/50-cocktaildb-analytics.rules", "644 root root"),
        };
        foreach (var (local, remote, mode) in installed)
        {
            var onHost = await host.Shell.RootCheckedAsync($"stat -c '%a %U %G' {remote} && sha256sum {remote}");
            var lines = onHost.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(mode, lines[0]);
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(local))), lines[1].Split(' ')[0]);
        }

        // The service account exists, and the installed binary runs on the host as it.
        var version = await host.Shell.AsUserAsync("cocktaildb", "/usr/local/bin/cocktaildb-ops version");
        Assert.True(version.ExitCode == 0, version.ToString());
    }

    [Fact]
    public async Task The_first_deploy_lets_only_root_and_the_service_account_read_the_database_settings()
    {
        // Before the deploy the API's deployment had left it world-readable (0644).
        Assert.Equal("640 root cocktaildb", (await host.Shell.RootCheckedAsync($"stat -c '%a %U %G' {HostDatabase.EnvFile}")).Trim());
        var asEc2User = await host.Shell.RunAsync($"cat {HostDatabase.EnvFile}");
        Assert.NotEqual(0, asEc2User.ExitCode);
        var asServiceAccount = await host.Shell.AsUserAsync("cocktaildb", $"test -r {HostDatabase.EnvFile}");
        Assert.Equal(0, asServiceAccount.ExitCode);
    }

    [Fact]
    public async Task The_first_deploy_migrates_the_empty_database_as_the_service_account()
    {
        Assert.Equal("changed", HostDeployment.TaskResult(host.FirstDeploy, "Apply pending database migrations"));

        await using var api = await host.Database.OpenAsApiAsync(host.Container.PostgresPort);
        await using var ledger = new NpgsqlCommand("SELECT count(*) FROM schema_migrations", api);
        Assert.Equal((long)MigrationFiles.Count, await ledger.ExecuteScalarAsync());
        // The change tracking the debounce check reads is in place.
        await using var tracking = new NpgsqlCommand("SELECT to_regclass('analytics_changes') IS NOT NULL", api);
        Assert.True((bool)(await tracking.ExecuteScalarAsync())!);
    }

    [Fact]
    public async Task The_deploy_stops_and_disables_the_old_daily_timer_and_leaves_the_debounce_timer_enabled_and_waiting()
    {
        var daily = await host.Units.ShowAsync(DailyTimer, "ActiveState", "UnitFileState");
        Assert.Equal("inactive", daily.ActiveState);
        Assert.Equal("disabled", daily["UnitFileState"]);
        // It was running before: systemd started it at boot and stopped it during the deploy.
        var dailyLog = (await host.Journal.ReadAsync("-u", DailyTimer)).Select(e => e.Message).ToList();
        Assert.Contains(dailyLog, m => m.StartsWith("Started cocktaildb-analytics.timer", StringComparison.Ordinal));
        Assert.Contains(dailyLog, m => m.StartsWith("Stopped cocktaildb-analytics.timer", StringComparison.Ordinal));

        var debounce = await host.Units.ShowAsync(DebounceTimer, "ActiveState", "UnitFileState");
        Assert.Equal("active", debounce.ActiveState);
        Assert.Equal("enabled", debounce["UnitFileState"]);
    }

    [Fact]
    public async Task A_second_deploy_with_nothing_new_reports_no_change()
    {
        var second = await HostDeployment.DeployAsync(host);

        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Equal(new PlayRecap(HostDeployment.Recap(second).Ok, 0, 0, 0), HostDeployment.Recap(second));
        Assert.Equal("ok", HostDeployment.TaskResult(second, "Apply pending database migrations"));
    }

    private static IReadOnlyList<string> MigrationFiles { get; } =
        Directory.EnumerateFiles(RepositoryFiles.File("migrations"), "*_migration_*.sql").ToList();
}
