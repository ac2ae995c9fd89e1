using System.Globalization;

namespace CocktailDb.Ops.Analytics;

/// <summary>
/// How systemd says a run ended, from the environment of ExecStopPost=: SERVICE_RESULT
/// (success, exit-code, signal, timeout, core-dump, ...), EXIT_CODE (exited, killed, dumped) and
/// EXIT_STATUS (a number, or a signal name); and <paramref name="StopRequest"/>, whether systemd
/// was ending the run on request (a stop or restart job for the unit, or a shutdown), as
/// `systemctl` tells while the hook runs.
/// </summary>
internal sealed record SystemdVerdict(string ServiceResult, string? ExitCode, string? ExitStatusText, string? StopRequest)
{
    /// <summary>Reads the verdict; a stop request that cannot be ruled out (systemctl failed) counts as one.</summary>
    public static async Task<SystemdVerdict> ReadAsync(SystemdUnit unit, CancellationToken ct)
    {
        var verdict = new SystemdVerdict(
            Environment.GetEnvironmentVariable("SERVICE_RESULT") is { Length: > 0 } result ? result : "unknown",
            Environment.GetEnvironmentVariable("EXIT_CODE"),
            Environment.GetEnvironmentVariable("EXIT_STATUS"),
            null);
        if (!verdict.ExitedWithZero)
        {
            return verdict;
        }

        try
        {
            var job = await unit.PendingJobTypeAsync(ct);
            var stopRequest = job is "stop" or "restart" or "try-restart" or "reload-or-restart"
                ? $"a {job} job for the unit"
                : await SystemdUnit.SystemStateAsync(ct) is "stopping" ? "the system shutting down" : null;
            return verdict with { StopRequest = stopRequest };
        }
        catch (SystemctlException ex)
        {
            return verdict with { StopRequest = $"possibly a stop request ({ex.Message})" };
        }
    }

    /// <summary>
    /// Only a job that exited by itself with status 0, with no stop request pending, succeeded. A
    /// stop request (systemctl stop or restart, a reboot) ends the job with SIGTERM; a job that
    /// traps it and exits 0, or a unit that lists it in SuccessExitStatus=, makes systemd call
    /// that ending "success" with exit status 0. Either way the job never finished its work, so
    /// its changes must not be marked done.
    /// </summary>
    public bool Succeeded => ExitedWithZero && StopRequest is null;

    private bool ExitedWithZero => ServiceResult == "success" && ExitCode == "exited" && ExitStatusText == "0";

    /// <summary>The job's own exit status when it exited; null when a signal ended it.</summary>
    public int? ExitStatus =>
        ExitCode == "exited" && int.TryParse(ExitStatusText, NumberStyles.None, CultureInfo.InvariantCulture, out var status) ? status : null;

    public string Describe() => ServiceResult switch
    {
        "timeout" => $"ran past its TimeoutStartSec= and was stopped (systemd result timeout, {How()})",
        "exit-code" => $"exited with status {ExitStatusText} (systemd result exit-code)",
        "signal" or "core-dump" => $"was killed by signal {ExitStatusText} (systemd result {ServiceResult})",
        "success" when StopRequest is not null => $"was ended by {StopRequest} before it finished ({How()}), so its changes are not marked done",
        "success" => $"was stopped before it finished ({How()}), so its changes are not marked done",
        _ => $"ended with systemd result {ServiceResult} ({How()})",
    };

    private string How() => ExitCode is null ? "no exit status" : $"{ExitCode} {ExitStatusText}";
}
