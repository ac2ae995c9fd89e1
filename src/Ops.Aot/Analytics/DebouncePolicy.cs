namespace CocktailDb.Ops.Analytics;

/// <summary>What a tick should do.</summary>
internal enum DebounceAction
{
    /// <summary>No unprocessed change.</summary>
    Idle,

    /// <summary>Changes are waiting for the quiet period (or the max wait) to pass.</summary>
    Waiting,

    /// <summary>The last refresh failed; the next try waits for the backoff.</summary>
    BackingOff,

    /// <summary>A refresh is running (on this host or another).</summary>
    RunningElsewhere,

    /// <summary>Start a refresh now.</summary>
    Due,
}

/// <summary>The decision and the instant it is about (when the refresh becomes due).</summary>
internal sealed record DebounceDecision(DebounceAction Action, DateTime? DueAt, string Reason);

/// <summary>
/// The debounce rules, as a pure function of the database state. A refresh starts once edits
/// have been quiet for the quiet period (counted from the last commit), or at the latest the
/// max wait after the oldest unprocessed change (so a table edited more often than the quiet
/// period still gets refreshed), and not before the backoff of a failed refresh has passed.
/// </summary>
internal static class DebouncePolicy
{
    /// <summary>The wait after a first failed refresh, unless --retry-delay says otherwise.</summary>
    public static readonly TimeSpan DefaultRetryDelay = TimeSpan.FromMinutes(5);

    /// <summary>Consecutive failures double the wait up to this many times the first one (1 h by default).</summary>
    private const int MaxRetryFactor = 12;

    public static DebounceDecision Decide(AnalyticsState state, TimeSpan quietPeriod, TimeSpan maxWait, TimeSpan retryDelay)
    {
        if (state.Running is { } running && running.ClaimExpiresAt > state.Now)
        {
            return new DebounceDecision(DebounceAction.RunningElsewhere, null, $"refresh {running.Id} is running ({running.ClaimedBy})");
        }

        if (state.PendingChanges == 0 || state.LastCommit is not { } lastCommit || state.OldestChange is not { } oldest)
        {
            return new DebounceDecision(DebounceAction.Idle, null, "no unprocessed changes");
        }

        var quietAt = lastCommit + quietPeriod;
        var maxWaitAt = oldest + maxWait;
        var dueAt = quietAt <= maxWaitAt ? quietAt : maxWaitAt;
        var reason = quietAt <= maxWaitAt ? "quiet period" : "max wait";

        if (RetryAt(state, retryDelay) is { } retryAt && retryAt > dueAt)
        {
            if (state.Now < retryAt)
            {
                return new DebounceDecision(DebounceAction.BackingOff, retryAt, $"retry after {state.FailuresSinceSuccess} failed refresh(es)");
            }

            dueAt = retryAt;
        }

        if (state.Now < dueAt)
        {
            return new DebounceDecision(DebounceAction.Waiting, dueAt, reason);
        }

        // The slot is not free while the last run's database work goes on (PreviousRunWork).
        return state.LingeringWork is { } work
            ? new DebounceDecision(DebounceAction.RunningElsewhere, dueAt, work.Describe())
            : new DebounceDecision(DebounceAction.Due, dueAt, reason);
    }

    /// <summary>
    /// When a failed refresh may be retried: <paramref name="retryDelay"/> after the first failure
    /// (5 min by default), doubling per consecutive failure up to 12 times that (1 h).
    /// </summary>
    public static DateTime? RetryAt(AnalyticsState state, TimeSpan retryDelay) =>
        state.FailuresSinceSuccess > 0 && state.LastFailureAt is { } failed
            ? failed + RetryDelay(state.FailuresSinceSuccess, retryDelay)
            : null;

    public static TimeSpan RetryDelay(int failures, TimeSpan first)
    {
        var max = first * MaxRetryFactor;
        var delay = first;
        for (var i = 1; i < failures && delay < max; i++)
        {
            delay *= 2;
        }

        return delay < max ? delay : max;
    }
}
