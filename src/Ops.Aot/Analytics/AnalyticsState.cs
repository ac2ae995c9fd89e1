namespace CocktailDb.Ops.Analytics;

/// <summary>
/// Everything a debounce tick decides on, read in one query at one instant of the database's
/// clock (<see cref="Now"/>); the host's clock is never used. <see cref="FailuresSinceSuccess"/>
/// counts failed refreshes only: an expired claim (its checker died) is retried without backoff.
/// <see cref="LastCommit"/> is what the quiet period counts from: when the newest change was
/// first seen committed, where a change no check has seen yet counts as committed now. Reports
/// show <see cref="LastSeenCommit"/> and <see cref="UnseenChanges"/> instead, never the time of
/// the query as if it were a commit time. <see cref="LingeringWork"/>: the last run's database
/// work that goes on after its job ended, which keeps the next refresh from starting.
/// </summary>
internal sealed record AnalyticsState(
    DateTime Now,
    long PendingChanges,
    DateTime? OldestChange,
    DateTime? LastCommit,
    RefreshRun? Running,
    RefreshRun? LastFinished,
    int FailuresSinceSuccess,
    DateTime? LastFailureAt,
    long UnseenChanges,
    DateTime? LastSeenCommit,
    PreviousRunWork? LingeringWork = null);

/// <summary>One row of analytics_refresh_runs.</summary>
internal sealed record RefreshRun(
    long Id,
    string ClaimedBy,
    DateTime ClaimExpiresAt,
    DateTime? StartedAt,
    DateTime? FinishedAt,
    string Result,
    int? ExitCode,
    string? Detail);
