using System.Globalization;
using System.Text.Json;
using CocktailDb.Ops.Analytics;
using CocktailDb.Ops.Cli;

namespace CocktailDb.Ops.Commands;

/// <summary>The one log line (or JSON document) a debounce tick prints.</summary>
internal static class DebounceReport
{
    public static string Line(TickResult r, DebounceOptions options)
    {
        var s = r.State;
        var pending = $"{s.PendingChanges} unprocessed change{(s.PendingChanges == 1 ? string.Empty : "s")}";
        return r.Outcome switch
        {
            "idle" => "idle: no unprocessed changes",
            "waiting" => $"waiting: {pending}, last commit {LastCommit(s)}; refresh due in {In(s, r.Decision.DueAt)} ({r.Decision.Reason}: {Duration.Format(r.Decision.Reason == "max wait" ? options.MaxWait : options.QuietPeriod)})",
            "backing-off" => $"waiting: {pending}; the last refresh failed ({s.FailuresSinceSuccess} in a row), next retry in {In(s, r.Decision.DueAt)}",
            "running-elsewhere" => $"waiting: {pending}; {r.Decision.Reason}",
            "would-start" => $"dry run: would start a refresh now ({pending}, {r.Decision.Reason} reached)",
            "started" => $"started {r.Detail} ({pending}, {r.Decision.Reason} reached); the unit records its own run",
            "finished" => $"finished refresh {r.RunId} in {Duration.Format(r.Elapsed!.Value)}",
            _ when r.RunId is null => $"failed: could not start the refresh: {r.Detail}; next retry at {Time(r.NextRetryAt)} (in {In(s, r.NextRetryAt)})",
            _ => $"failed: refresh {r.RunId} after {Duration.Format(r.Elapsed ?? TimeSpan.Zero)}: {r.Detail}; next retry at {Time(r.NextRetryAt)} (in {In(s, r.NextRetryAt)})",
        };
    }

    /// <summary>"3m05s ago", with the changes no check has seen yet named as such instead of dated.</summary>
    public static string LastCommit(AnalyticsState s)
    {
        var seen = s.LastSeenCommit is { } t ? Duration.Format(s.Now - t) + " ago" : null;
        var unseen = s.UnseenChanges > 0 ? $"{s.UnseenChanges} not yet seen by a check" : null;
        return string.Join(", ", new[] { seen, unseen }.Where(part => part is not null)) is { Length: > 0 } text ? text : "-";
    }

    public static void WriteJson(TickResult r) => JsonOutput.Write(w =>
    {
        w.WriteStartObject();
        w.WriteString("outcome", r.Outcome);
        w.WriteNumber("pendingChanges", r.State.PendingChanges);
        WriteTime(w, "now", r.State.Now);
        WriteTime(w, "oldestChange", r.State.OldestChange);
        WriteTime(w, "lastSeenCommit", r.State.LastSeenCommit);
        w.WriteNumber("unseenChanges", r.State.UnseenChanges);
        WriteTime(w, "dueAt", r.Decision.DueAt);
        w.WriteString("reason", r.Decision.Reason);
        if (r.RunId is { } id)
        {
            w.WriteNumber("runId", id);
        }

        if (r.Elapsed is { } elapsed)
        {
            w.WriteNumber("elapsedMs", (long)elapsed.TotalMilliseconds);
        }

        if (r.ExitCode is { } code)
        {
            w.WriteNumber("exitCode", code);
        }

        WriteTime(w, "nextRetryAt", r.NextRetryAt);
        if (r.Detail is { } detail)
        {
            w.WriteString("detail", detail);
        }

        w.WriteEndObject();
    });

    public static void WriteTime(Utf8JsonWriter w, string name, DateTime? value)
    {
        if (value is { } v)
        {
            w.WriteString(name, v.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
        }
        else
        {
            w.WriteNull(name);
        }
    }

    public static string Time(DateTime? value) =>
        value?.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture) ?? "-";

    private static string In(AnalyticsState s, DateTime? at) => at is { } t ? Duration.Format(t > s.Now ? t - s.Now : TimeSpan.Zero) : "-";
}
