namespace CocktailDb.Ops.Analytics;

/// <summary>What one debounce tick did, for its log line and --json.</summary>
internal sealed record TickResult(
    string Outcome,
    AnalyticsState State,
    DebounceDecision Decision,
    long? RunId = null,
    TimeSpan? Elapsed = null,
    int? ExitCode = null,
    DateTime? NextRetryAt = null,
    string? Detail = null);
