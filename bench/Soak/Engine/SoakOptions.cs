namespace CocktailDb.Bench.Soak;

/// <summary>How big a soak is and which faults it may inject.</summary>
/// <param name="Schedules">How many random schedules run one after another.</param>
/// <param name="Seed">The seed of every random choice, printed so a failing soak can be rerun.</param>
/// <param name="Checkers">Debounce checks running side by side, as on that many hosts.</param>
/// <param name="RestartEvery">Restart the server after every this many schedules (0: never).</param>
public sealed record SoakOptions(int Schedules, int Seed, int Checkers = 3, int RestartEvery = 0)
{
    /// <summary>How long one schedule lasts, at random between these.</summary>
    public TimeSpan ShortestSchedule { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan LongestSchedule { get; init; } = TimeSpan.FromSeconds(3);
}
