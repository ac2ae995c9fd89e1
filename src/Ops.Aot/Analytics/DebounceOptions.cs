namespace CocktailDb.Ops.Analytics;

/// <summary>The settings of a debounce tick, validated before the database is touched.</summary>
/// <param name="Unit">The systemd unit to start without waiting (its hooks record the run); null with <paramref name="RunCommand"/>.</param>
/// <param name="RunCommand">A program this check runs itself and waits for, on hosts without systemd; null with <paramref name="Unit"/>.</param>
/// <param name="RunTimeout">With <paramref name="RunCommand"/>: kill the job after this long.</param>
/// <param name="RetryDelay">The wait after a first failed refresh; each further failure doubles it, up to 12 times.</param>
internal sealed record DebounceOptions(TimeSpan QuietPeriod, TimeSpan MaxWait, string? Unit, RunCommand? RunCommand, TimeSpan RunTimeout, TimeSpan RetryDelay, bool DryRun)
{
    /// <summary>
    /// How long a claim outlives its run timeout: time to claim, start the job and record the
    /// result. A tenth of the run timeout, at least 5 s and at most 5 min.
    /// </summary>
    public TimeSpan ClaimMargin => ClaimMarginFor(RunTimeout);

    public static TimeSpan ClaimMarginFor(TimeSpan runTimeout) =>
        TimeSpan.FromTicks(Math.Clamp(runTimeout.Ticks / 10, TimeSpan.FromSeconds(5).Ticks, TimeSpan.FromMinutes(5).Ticks));
}
