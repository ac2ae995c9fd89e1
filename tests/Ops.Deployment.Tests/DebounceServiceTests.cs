using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using CocktailDb.Ops.Deployment.Tests.Harness;
using CocktailDb.Ops.Tests.Harness;

namespace CocktailDb.Ops.Deployment.Tests;

/// <summary>infrastructure/systemd/cocktaildb-analytics-debounce.service, read by systemd's own tools.</summary>
public sealed partial class DebounceServiceTests
{
    private const string InstalledBinary = "/usr/local/bin/cocktaildb-ops";

    [Fact]
    public async Task Systemd_accepts_the_debounce_service_and_timer_without_a_single_complaint()
    {
        var binary = await OpsBinary.EnsurePublishedAsync(OpsBinary.CurrentRid);
        using var units = CopyUnitsRunning(binary);

        var complaints = await VerifyAsync(units);

        Assert.True(complaints.Length == 0, "systemd-analyze verify:\n" + complaints);
    }

    [Theory]
    [InlineData("cocktaildb-analytics-debounce.service", "Service", "TimeoutStartSecs=80min")]
    [InlineData("cocktaildb-analytics-debounce.service", "Service", "ProtectSystem=mostly")]
    [InlineData("cocktaildb-analytics-debounce.timer", "Timer", "OnBootSec=soon")]
    public async Task The_unit_check_fails_on_mistakes_that_systemd_only_warns_about(string unit, string section, string line)
    {
        // systemd-analyze verify exits 0 after an unknown key or an unparsable value (systemd
        // logs "ignoring" and carries on without the setting), so VerifyAsync goes by what it
        // prints; this proves that catches such a mistake in either unit.
        var binary = await OpsBinary.EnsurePublishedAsync(OpsBinary.CurrentRid);
        using var units = CopyUnitsRunning(binary);
        var path = units.File(unit);
        var lines = File.ReadAllLines(path).ToList();
        var header = lines.IndexOf($"[{section}]");
        lines.Insert(header + 1, line);
        File.WriteAllLines(path, lines);

        var complaints = await VerifyAsync(units);

        // systemd names the file and the line (1-based) it stumbled over.
        Assert.Contains($"{unit}:{header + 2}:", complaints, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Systemd_rates_the_exposure_of_the_debounce_service_at_2_0_or_better()
    {
        var result = await Systemd.AnalyzeAsync("security", "--offline=yes", "--no-pager", RepositoryFiles.DebounceService);

        var overall = OverallExposure().Match(result.StdOut);
        Assert.True(overall.Success, $"no overall exposure in:\n{result}");
        var exposure = decimal.Parse(overall.Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.True(exposure <= 2.0m, $"exposure {exposure} is above 2.0:\n{result.StdOut}");
    }

    [Fact]
    public async Task The_debounce_service_has_every_protection_the_deployment_promises()
    {
        var result = await Systemd.AnalyzeAsync("security", "--offline=yes", "--json=short", RepositoryFiles.DebounceService);
        Assert.True(result.ExitCode == 0, result.ToString());
        var checks = JsonDocument.Parse(result.StdOut).RootElement.EnumerateArray()
            .ToDictionary(c => c.GetProperty("name").GetString()!, c => c);

        // No new privileges, read-only system, private /tmp and devices, kernel and
        // control-group protection, a service user, no exotic sockets.
        string[] required =
        [
            "NoNewPrivileges=", "ProtectSystem=", "ProtectHome=", "PrivateTmp=", "PrivateDevices=",
            "ProtectKernelTunables=", "ProtectKernelModules=", "ProtectKernelLogs=", "ProtectControlGroups=",
            "User=/DynamicUser=", "AmbientCapabilities=", "MemoryDenyWriteExecute=", "SystemCallArchitectures=",
            "RestrictAddressFamilies=~AF_PACKET", "RestrictAddressFamilies=~AF_NETLINK", "RestrictAddressFamilies=~…",
        ];
        // An empty capability set and the @system-service call filter show up as families of
        // checks, one per capability group and per excluded system-call group.
        var families = checks.Keys.Where(name => name.StartsWith("CapabilityBoundingSet=~", StringComparison.Ordinal)
            || name.StartsWith("SystemCallFilter=~", StringComparison.Ordinal)).ToList();
        Assert.True(families.Count > 20, "expected the capability and system-call checks: " + string.Join(", ", checks.Keys));

        var unmet = required.Concat(families)
            .Where(name => !checks.TryGetValue(name, out var check) || !IsMet(check))
            .ToList();
        Assert.True(unmet.Count == 0, "not protected: " + string.Join(", ", unmet));
    }

    [Fact]
    public async Task The_check_never_waits_for_the_analytics_job_so_a_short_start_timeout_bounds_it()
    {
        var service = UnitFile.Load(RepositoryFiles.DebounceService);
        var arguments = service.ExecStartArguments();

        Assert.DoesNotContain("--run-command", arguments);
        Assert.DoesNotContain(arguments, a => a.Contains("systemctl", StringComparison.Ordinal));
        Assert.Equal("oneshot", service.Single("Service", "Type"));
        Assert.InRange(await Systemd.TimespanAsync(service.Single("Service", "TimeoutStartSec")), TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(5));
    }

    [Fact]
    public async Task Every_run_of_the_analytics_unit_records_itself_and_the_drop_in_pins_what_the_hooks_rely_on()
    {
        var dropIn = UnitFile.Load(RepositoryFiles.AnalyticsDropIn);
        var begin = UnitFile.SplitCommandLine(dropIn.Single("Service", "ExecCondition"));
        var end = UnitFile.SplitCommandLine(dropIn.Single("Service", "ExecStopPost"));

        // "+": as root whatever the job's User= is, so the env file is readable; %n: the unit's name.
        Assert.Equal(["+" + InstalledBinary, "refresh", "begin", "--unit", "%n", "--env-file", "/opt/cocktaildb/.env"], begin);
        Assert.Equal(["+" + InstalledBinary, "refresh", "end", "--unit", "%n", "--env-file", "/opt/cocktaildb/.env"], end);
        // The claim lasts as long as systemd lets a run last, read from systemd itself: nothing to keep equal by hand.
        Assert.Equal("oneshot", dropIn.Single("Service", "Type"));
        Assert.Equal("no", dropIn.Single("Service", "RemainAfterExit"));
        Assert.Equal("control-group", dropIn.Single("Service", "KillMode"));
        Assert.Equal("yes", dropIn.Single("Service", "SendSIGKILL"));
        var startTimeout = await Systemd.TimespanAsync(dropIn.Single("Service", "TimeoutStartSec"));
        Assert.True(startTimeout >= TimeSpan.FromMinutes(30), $"TimeoutStartSec={startTimeout} would stop an analytics run that is merely slow");
        Assert.InRange(await Systemd.TimespanAsync(dropIn.Single("Service", "TimeoutStopSec")), TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(5));
        // Stopped before the network and a local PostgreSQL at shutdown, so 'refresh end' can record.
        var after = dropIn.Single("Unit", "After").Split(' ');
        Assert.Contains("network-online.target", after);
        Assert.Contains("postgresql.service", after);
        Assert.Equal("network-online.target", dropIn.Single("Unit", "Wants"));
    }

    [Fact]
    public void The_check_runs_as_cocktaildb_and_logs_to_the_journal_under_its_own_name()
    {
        var service = UnitFile.Load(RepositoryFiles.DebounceService);

        Assert.Equal("cocktaildb", service.Single("Service", "User"));
        Assert.Equal("journal", service.Single("Service", "StandardOutput"));
        Assert.Equal("journal", service.Single("Service", "StandardError"));
        Assert.Equal("cocktaildb-analytics-debounce", service.Single("Service", "SyslogIdentifier"));
        Assert.Equal([InstalledBinary, "debounce"], service.ExecStartArguments().Take(2));
    }

    /// <summary>
    /// The units as installed, except that ExecStart= names <paramref name="binary"/>:
    /// verify checks that the program exists and is executable, and on a build machine
    /// /usr/local/bin/cocktaildb-ops does not, while the freshly published binary is exactly
    /// what the deploy puts there. (verify does not look up User=, so the missing cocktaildb
    /// account needs no stand-in.)
    /// </summary>
    private static TempDirectory CopyUnitsRunning(string binary)
    {
        var units = new TempDirectory();
        var service = File.ReadAllText(RepositoryFiles.DebounceService);
        Assert.Contains($"ExecStart={InstalledBinary} ", service, StringComparison.Ordinal);
        var readable = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
        units.Write(Path.GetFileName(RepositoryFiles.DebounceService), service.Replace($"ExecStart={InstalledBinary} ", $"ExecStart={binary} ", StringComparison.Ordinal), readable);
        units.Write(Path.GetFileName(RepositoryFiles.DebounceTimer), File.ReadAllText(RepositoryFiles.DebounceTimer), readable);
        return units;
    }

    /// <summary>Everything systemd-analyze verify says about the units: empty when it has nothing to say.</summary>
    private static async Task<string> VerifyAsync(TempDirectory units)
    {
        var result = await Systemd.AnalyzeAsync(
            "verify", "--man=no",
            units.File(Path.GetFileName(RepositoryFiles.DebounceService)),
            units.File(Path.GetFileName(RepositoryFiles.DebounceTimer)));
        var output = result.Output.Trim();
        return result.ExitCode == 0 || output.Length > 0 ? output : $"exit {result.ExitCode} without output";
    }

    private static bool IsMet(JsonElement check) =>
        check.GetProperty("set").GetBoolean()
        && (check.GetProperty("exposure").ValueKind == JsonValueKind.Null || check.GetProperty("exposure").GetDecimal() == 0);

    [GeneratedRegex(@"Overall exposure level for \S+: (\d+\.\d+)")]
    private static partial Regex OverallExposure();
}
