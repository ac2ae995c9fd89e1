using CocktailDb.Ops.Deployment.Tests.Harness;
using CocktailDb.Ops.Tests.Harness;

namespace CocktailDb.Ops.Deployment.Tests;

/// <summary>infrastructure/systemd/cocktaildb-analytics-debounce.timer: when the check runs.</summary>
public sealed class DebounceTimerTests
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    private readonly UnitFile _timer = UnitFile.Load(RepositoryFiles.DebounceTimer);

    [Fact]
    public async Task The_check_runs_soon_after_boot_when_the_timer_starts_and_then_every_minute()
    {
        var (afterBoot, afterStart, period) = _timer.Has("Timer", "OnCalendar")
            ? await CalendarScheduleAsync()
            : await MonotonicScheduleAsync();

        Assert.True(afterBoot <= 2 * Minute, $"first check {afterBoot} after boot");
        Assert.True(afterStart <= Minute, $"first check {afterStart} after the timer starts");
        Assert.Equal(Minute, period);
        // systemd may postpone an elapse by up to AccuracySec= (one minute by default) to
        // batch wake-ups; that would stretch "every minute" to anything up to two.
        var accuracy = await Systemd.TimespanAsync(_timer.Values("Timer", "AccuracySec").LastOrDefault() ?? "1min");
        Assert.True(accuracy <= TimeSpan.FromSeconds(5), $"AccuracySec {accuracy} lets checks drift");
    }

    [Fact]
    public void The_timer_is_started_at_boot_once_enabled_and_starts_the_debounce_service()
    {
        Assert.Equal("timers.target", _timer.Single("Install", "WantedBy"));
        var unit = _timer.Values("Timer", "Unit").SingleOrDefault() ?? Path.ChangeExtension(Path.GetFileName(RepositoryFiles.DebounceTimer), ".service");
        Assert.Equal(Path.GetFileName(RepositoryFiles.DebounceService), unit);
    }

    [Fact]
    public void Persistent_is_only_set_where_it_has_an_effect()
    {
        // Persistent= catches up on calendar elapses missed while the machine was off; the
        // monotonic settings ignore it, so setting it there only misleads a reader.
        Assert.False(
            _timer.Has("Timer", "Persistent") && !_timer.Has("Timer", "OnCalendar"),
            "Persistent= without OnCalendar= has no effect");
    }

    /// <summary>
    /// Monotonic triggers. OnUnitActiveSec= (or OnUnitInactiveSec=) alone never fires on a
    /// booted machine, having no previous run to count from: without OnBootSec=/OnStartupSec=
    /// and OnActiveSec= there is no first check, which the real project learned in production.
    /// </summary>
    private async Task<(TimeSpan AfterBoot, TimeSpan AfterStart, TimeSpan Period)> MonotonicScheduleAsync()
    {
        var afterBoot = await EarliestAsync("OnBootSec", "OnStartupSec", "OnActiveSec");
        var afterStart = await EarliestAsync("OnActiveSec");
        var period = await EarliestAsync("OnUnitActiveSec", "OnUnitInactiveSec");
        return (afterBoot, afterStart, period);
    }

    /// <summary>A calendar trigger fires within a minute of boot or start only if it is minutely.</summary>
    private async Task<(TimeSpan AfterBoot, TimeSpan AfterStart, TimeSpan Period)> CalendarScheduleAsync()
    {
        foreach (var expression in _timer.Values("Timer", "OnCalendar"))
        {
            var result = await Systemd.AnalyzeAsync("calendar", expression);
            if (result.StdOut.Contains("Normalized form: *-*-* *:*:00", StringComparison.Ordinal))
            {
                return (Minute, Minute, Minute);
            }
        }

        return (TimeSpan.MaxValue, TimeSpan.MaxValue, TimeSpan.MaxValue);
    }

    /// <summary>The shortest of the given settings, or forever when none is set.</summary>
    private async Task<TimeSpan> EarliestAsync(params string[] keys)
    {
        var earliest = TimeSpan.MaxValue;
        foreach (var value in keys.SelectMany(key => _timer.Values("Timer", key)))
        {
            var span = await Systemd.TimespanAsync(value);
            earliest = span < earliest ? span : earliest;
        }

        return earliest;
    }
}
