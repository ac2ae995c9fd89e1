namespace CocktailDb.Ops.Analytics;

/// <summary>
/// What the refresh relies on in the analytics unit, checked on the values systemd actually uses
/// (`systemctl show`: the unit, every drop-in, in order). The playbook's drop-in
/// (50-cocktaildb-ops.conf) pins each of them, but a later drop-in or an override.conf can
/// change any; a unit that breaks one is refused before it runs, never discovered by a lost
/// change or two refreshes at once.
/// </summary>
/// <param name="StartTimeout">TimeoutStartSec=: the longest a run can take before systemd stops it.</param>
/// <param name="StopTimeout">TimeoutStopSec=: the longest its processes may take to die after SIGTERM, before SIGKILL.</param>
internal sealed record UnitContract(TimeSpan StartTimeout, TimeSpan StopTimeout)
{
    public static readonly string[] Properties =
        ["LoadState", "Type", "RemainAfterExit", "KillMode", "SendSIGKILL", "TimeoutStartUSec", "TimeoutStopUSec", "ExecCondition", "ExecStopPost", "DropInPaths"];

    /// <summary>
    /// How long a run's claim lasts. systemd ends every process of a run within TimeoutStartSec= +
    /// TimeoutStopSec= of its start (SIGTERM at the first, SIGKILL after the second); the margin
    /// leaves time to record the outcome. A claim that expires before that could let a second
    /// refresh start beside a job that still runs.
    /// </summary>
    public TimeSpan ClaimFor => StartTimeout + StopTimeout + DebounceOptions.ClaimMarginFor(StartTimeout);

    /// <summary>The contract, or an exception naming every assumption the unit breaks and how to fix it.</summary>
    public static UnitContract Verify(string unit, IReadOnlyDictionary<string, string> values)
    {
        string Get(string name) => values.GetValueOrDefault(name, string.Empty);
        if (Get("LoadState") != "loaded")
        {
            throw new SystemctlException(
                $"{unit} is {(Get("LoadState") is { Length: > 0 } state ? state : "unknown")} on this host (systemctl show LoadState); install the analytics unit, or name it with --unit");
        }

        var problems = new List<string>();
        if (!Get("ExecCondition").Contains("refresh begin", StringComparison.Ordinal) || !Get("ExecStopPost").Contains("refresh end", StringComparison.Ordinal))
        {
            problems.Add("it lacks the 'cocktaildb-ops refresh begin' ExecCondition= or the 'refresh end' ExecStopPost=, so its runs would record nothing and changes would never be marked done");
        }

        if (Get("Type") != "oneshot")
        {
            problems.Add($"Type={Get("Type")}: it must be oneshot, so that TimeoutStartSec= bounds the whole run and a start joins a run in progress instead of starting a second one");
        }

        if (Get("RemainAfterExit") != "no")
        {
            problems.Add($"RemainAfterExit={Get("RemainAfterExit")}: it must be no, or 'refresh end' would run only when someone stops the unit and no run would ever be recorded as done");
        }

        if (Get("KillMode") is not ("control-group" or "mixed"))
        {
            problems.Add($"KillMode={Get("KillMode")}: it must be control-group (or mixed), or processes of an ended run could go on working beside the next refresh");
        }

        if (Get("SendSIGKILL") != "yes")
        {
            problems.Add($"SendSIGKILL={Get("SendSIGKILL")}: it must be yes, or a job that ignores SIGTERM outlives its claim");
        }

        var start = Finite("TimeoutStartUSec", "TimeoutStartSec", values, problems);
        var stop = Finite("TimeoutStopUSec", "TimeoutStopSec", values, problems);
        if (problems.Count > 0)
        {
            var dropIns = Get("DropInPaths") is { Length: > 0 } paths ? $" (its drop-ins, in order: {paths})" : string.Empty;
            throw new SystemctlException(
                $"{unit} cannot run a refresh safely: {string.Join("; ", problems)}. " +
                $"infrastructure/systemd/cocktaildb-analytics.service.d/50-cocktaildb-ops.conf sets all of these; remove what overrides it{dropIns}, then run systemctl daemon-reload");
        }

        return new UnitContract(start, stop);
    }

    private static TimeSpan Finite(string property, string setting, IReadOnlyDictionary<string, string> values, List<string> problems)
    {
        var text = values.GetValueOrDefault(property, string.Empty);
        if (!SystemdTimeSpan.TryParse(text, out var value))
        {
            problems.Add($"{setting}= reads '{text}', which is not a time span");
            return TimeSpan.Zero;
        }

        if (value is not { } finite || finite <= TimeSpan.Zero)
        {
            problems.Add($"{setting}={text}: it must be a finite time, or a run that hangs would hold the refresh for ever and its claim could never safely expire");
            return TimeSpan.Zero;
        }

        return finite;
    }
}
