using System.Globalization;

namespace CocktailDb.Ops.Analytics;

/// <summary>
/// How systemd says a run ended, from the environment of ExecStopPost=: SERVICE_RESULT
/// (success, exit-code, signal, timeout, core-dump, ...), EXIT_CODE (exited, killed, dumped) and
/// EXIT_STATUS (a number, or a signal name).
/// </summary>
internal sealed record SystemdVerdict(string ServiceResult, string? ExitCode, string? ExitStatusText)
{
    public static SystemdVerdict FromEnvironment() => new(
        Environment.GetEnvironmentVariable("SERVICE_RESULT") is { Length: > 0 } result ? result : "unknown",
        Environment.GetEnvironmentVariable("EXIT_CODE"),
        Environment.GetEnvironmentVariable("EXIT_STATUS"));

    /// <summary>
    /// Only a job that exited by itself with status 0 succeeded. A stop request ends the job with
    /// SIGTERM (systemd 252 reports that as result "signal"), but a unit that lists the signal in
    /// SuccessExitStatus= makes systemd call the same ending "success": either way the job never
    /// finished reading, so its changes must not be marked done.
    /// </summary>
    public bool Succeeded => ServiceResult == "success" && ExitCode == "exited" && ExitStatusText == "0";

    /// <summary>The job's own exit status when it exited; null when a signal ended it.</summary>
    public int? ExitStatus =>
        ExitCode == "exited" && int.TryParse(ExitStatusText, NumberStyles.None, CultureInfo.InvariantCulture, out var status) ? status : null;

    public string Describe() => ServiceResult switch
    {
        "timeout" => $"ran past its TimeoutStartSec= and was stopped (systemd result timeout, {How()})",
        "exit-code" => $"exited with status {ExitStatusText} (systemd result exit-code)",
        "signal" or "core-dump" => $"was killed by signal {ExitStatusText} (systemd result {ServiceResult})",
        "success" => $"was stopped before it finished ({How()}), so its changes are not marked done",
        _ => $"ended with systemd result {ServiceResult} ({How()})",
    };

    private string How() => ExitCode is null ? "no exit status" : $"{ExitCode} {ExitStatusText}";
}
