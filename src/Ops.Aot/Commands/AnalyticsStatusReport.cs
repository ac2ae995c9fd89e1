using System.Text.Json;
using CocktailDb.Ops.Analytics;
using CocktailDb.Ops.Cli;

namespace CocktailDb.Ops.Commands;

/// <summary>The analytics section of `status`: unprocessed changes, the last refresh, the next eligible time.</summary>
internal static class AnalyticsStatusReport
{
    public static void Write(AnalyticsSection section)
    {
        var (state, decision, check) = (section.State, section.Decision, section.Check);
        Console.WriteLine();
        Console.WriteLine(state.PendingChanges == 0
            ? "analytics: no unprocessed changes"
            : $"analytics: {state.PendingChanges} unprocessed changes (oldest {DebounceReport.Time(state.OldestChange)}, last commit {LastCommit(state)})");
        if (state.Running is { } running)
        {
            Console.WriteLine($"  refresh {running.Id} running since {DebounceReport.Time(running.StartedAt)} ({running.ClaimedBy}; claim expires {DebounceReport.Time(running.ClaimExpiresAt)})");
        }

        if (state.LastFinished is { } last)
        {
            var exit = last.ExitCode is { } code ? $", job exit status {code}" : string.Empty;
            var detail = last.Detail is { Length: > 0 } d ? $": {d}" : string.Empty;
            Console.WriteLine($"  last refresh: {last.Result.ToUpperInvariant()}{exit}, started {DebounceReport.Time(last.StartedAt)}, ended {DebounceReport.Time(last.FinishedAt)}{detail}");
        }
        else
        {
            Console.WriteLine("  last refresh: none yet");
        }

        if (state.FailuresSinceSuccess > 0)
        {
            Console.WriteLine(
                $"  {state.FailuresSinceSuccess} failed refresh(es) since the last success; retrying with backoff " +
                $"({Duration.Format(check.RetryDelay)} doubling to {Duration.Format(DebouncePolicy.RetryDelay(int.MaxValue, check.RetryDelay))})");
        }

        if (state.LingeringWork is { } work)
        {
            Console.WriteLine($"  {work.Describe()}");
        }

        if (decision.DueAt is { } due)
        {
            Console.WriteLine($"  next eligible: {DebounceReport.Time(due)} ({decision.Reason})");
        }

        Console.WriteLine(
            $"  the check decides with quiet period {Duration.Format(check.QuietPeriod)}, max wait {Duration.Format(check.MaxWait)}, " +
            $"retry delay {Duration.Format(check.RetryDelay)} ({check.Source})");
    }

    public static void WriteJson(Utf8JsonWriter w, AnalyticsSection section)
    {
        var (state, decision, check) = (section.State, section.Decision, section.Check);
        w.WriteStartObject("analytics");
        w.WriteNumber("unprocessedChanges", state.PendingChanges);
        DebounceReport.WriteTime(w, "oldestChange", state.OldestChange);
        DebounceReport.WriteTime(w, "lastSeenCommit", state.LastSeenCommit);
        w.WriteNumber("unseenChanges", state.UnseenChanges);
        w.WriteNumber("failuresSinceSuccess", state.FailuresSinceSuccess);
        WriteRun(w, "running", state.Running);
        WriteRun(w, "lastRefresh", state.LastFinished);
        DebounceReport.WriteTime(w, "nextEligible", decision.DueAt);
        w.WriteString("decision", decision.Action.ToString());
        w.WriteString("decisionReason", decision.Reason);
        w.WriteStartObject("check");
        w.WriteNumber("quietPeriodSeconds", check.QuietPeriod.TotalSeconds);
        w.WriteNumber("maxWaitSeconds", check.MaxWait.TotalSeconds);
        w.WriteNumber("retryDelaySeconds", check.RetryDelay.TotalSeconds);
        w.WriteString("source", check.Source);
        w.WriteEndObject();
        w.WriteEndObject();
    }

    /// <summary>The newest commit a check has seen, and how many changes none has seen yet.</summary>
    private static string LastCommit(AnalyticsState state)
    {
        var seen = state.LastSeenCommit is { } t ? $"seen {DebounceReport.Time(t)}" : null;
        var unseen = state.UnseenChanges > 0 ? $"{state.UnseenChanges} not yet seen by a check" : null;
        return string.Join(", ", new[] { seen, unseen }.Where(part => part is not null));
    }

    private static void WriteRun(Utf8JsonWriter w, string name, RefreshRun? run)
    {
        if (run is null)
        {
            w.WriteNull(name);
            return;
        }

        w.WriteStartObject(name);
        w.WriteNumber("id", run.Id);
        w.WriteString("result", run.Result);
        DebounceReport.WriteTime(w, "startedAt", run.StartedAt);
        DebounceReport.WriteTime(w, "finishedAt", run.FinishedAt);
        if (run.ExitCode is { } code)
        {
            w.WriteNumber("exitCode", code);
        }
        else
        {
            w.WriteNull("exitCode");
        }

        w.WriteString("claimedBy", run.ClaimedBy);
        w.WriteString("detail", run.Detail);
        w.WriteEndObject();
    }
}
