using System.Globalization;
using CocktailDb.Ops.Deployment.Tests.Harness;
using CocktailDb.Ops.Tests.Harness;

namespace CocktailDb.Ops.Host.Tests.Harness;

/// <summary>
/// The deployed debounce check on a test's time scale, through drop-ins only (the shipped units
/// stay as the deploy installed them): the service's own ExecStart= with a shorter
/// --quiet-period, and a timer that also ticks every few seconds. Disposing removes both and
/// restarts the timer, back to the shipped schedule.
/// </summary>
internal sealed class FastDebounce : IAsyncDisposable
{
    public const string Service = "cocktaildb-analytics-debounce.service";
    public const string Timer = "cocktaildb-analytics-debounce.timer";
    private const string DropIn = "90-host-tests";

    private readonly HostUnits _units;

    private FastDebounce(HostUnits units) => _units = units;

    public static async Task<FastDebounce> InstallAsync(SimulatedHost host, TimeSpan quietPeriod, TimeSpan tickEvery)
    {
        var shipped = UnitFile.Load(RepositoryFiles.DebounceService).Single("Service", "ExecStart");
        await host.Units.InstallDropInAsync(Service, DropIn, $"""
            [Service]
            ExecStart=
            ExecStart={shipped} --quiet-period {Seconds(quietPeriod)}

            """);
        // Added beside the shipped OnUnitActiveSec=1min; the earlier of the two wins.
        await host.Units.InstallDropInAsync(Timer, DropIn, $"""
            [Timer]
            OnUnitActiveSec={Seconds(tickEvery)}

            """);
        var fast = new FastDebounce(host.Units);
        await fast.RestartTimerAsync();
        return fast;
    }

    public async ValueTask DisposeAsync()
    {
        await _units.RemoveDropInAsync(Service, DropIn);
        await _units.RemoveDropInAsync(Timer, DropIn);
        await RestartTimerAsync();
    }

    private async Task RestartTimerAsync()
    {
        var restart = await _units.SystemctlAsync("restart", Timer);
        Assert.True(restart.ExitCode == 0, restart.ToString());
    }

    private static string Seconds(TimeSpan span) => ((int)span.TotalSeconds).ToString(CultureInfo.InvariantCulture) + "s";
}
