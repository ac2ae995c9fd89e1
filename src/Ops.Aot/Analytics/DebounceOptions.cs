namespace CocktailDb.Ops.Analytics;

/// <summary>The settings of a debounce tick, validated before the database is touched.</summary>
internal sealed record DebounceOptions(TimeSpan QuietPeriod, TimeSpan MaxWait, RunCommand RunCommand, TimeSpan RunTimeout, bool DryRun)
{
    /// <summary>
    /// How long a claim outlives its run timeout: time to claim, start the job and record the
    /// result. A tenth of the run timeout, at least 5 s and at most 5 min.
    /// </summary>
    public TimeSpan ClaimMargin =>
        TimeSpan.FromTicks(Math.Clamp(RunTimeout.Ticks / 10, TimeSpan.FromSeconds(5).Ticks, TimeSpan.FromMinutes(5).Ticks));
}
