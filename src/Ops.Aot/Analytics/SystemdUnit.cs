using System.Diagnostics;
using CocktailDb.Ops.Cli;

namespace CocktailDb.Ops.Analytics;

/// <summary>
/// The analytics job as a systemd unit, driven through systemctl. Only two questions are asked
/// of it: what state it is in, and to start without waiting. Waiting for a oneshot unit is
/// exactly what must not happen: a start request that finds the unit already starting joins
/// that run, whose result says nothing about changes made after it began. The unit's own
/// hooks (ExecCondition=/ExecStopPost= running `cocktaildb-ops refresh begin|end`) record what
/// each run covers and how it ended, whoever started it.
/// </summary>
internal sealed class SystemdUnit(string name)
{
    private static readonly TimeSpan SystemctlTimeout = TimeSpan.FromSeconds(30);

    public string Name { get; } = name;

    /// <summary>The named properties of the unit, as `systemctl show` prints them (values as text).</summary>
    public async Task<IReadOnlyDictionary<string, string>> ShowAsync(IReadOnlyList<string> properties, CancellationToken ct)
    {
        var result = await RunAsync(["show", Name, "--property=" + string.Join(',', properties)], ct);
        if (result.ExitCode != 0)
        {
            throw Failure("show", result);
        }

        // A property listed twice (several ExecCondition= lines) is one value per line.
        return result.StdOut.Split('\n')
            .Select(line => line.Split('=', 2))
            .Where(pair => pair.Length == 2)
            .GroupBy(pair => pair[0])
            .ToDictionary(g => g.Key, g => string.Join("\n", g.Select(pair => pair[1])));
    }

    /// <summary>
    /// The type of the job systemd has queued or is running for the unit ("start", "stop",
    /// "restart", ...), or null when there is none. While the hooks run, a stop request shows as a
    /// pending "stop" (or "restart") job, whatever the job's processes returned.
    /// </summary>
    public async Task<string?> PendingJobTypeAsync(CancellationToken ct)
    {
        var result = await RunAsync(["list-jobs", "--no-legend", "--plain", "--full", Name], ct);
        if (result.ExitCode != 0)
        {
            throw Failure("list-jobs", result);
        }

        // "JOB UNIT TYPE STATE", one line per job.
        return result.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(fields => fields.Length >= 3 && fields[1] == Name)
            .Select(fields => fields[2])
            .FirstOrDefault();
    }

    /// <summary>What `systemctl is-system-running` says: "stopping" during a shutdown or reboot.</summary>
    public static async Task<string> SystemStateAsync(CancellationToken ct) =>
        (await RunAsync(["is-system-running"], ct)).StdOut.Trim();

    /// <summary>Queues a start job and returns at once; the exception names systemctl's own failure.</summary>
    public async Task StartWithoutWaitingAsync(CancellationToken ct)
    {
        var result = await RunAsync(["start", "--no-block", Name], ct);
        if (result.ExitCode != 0)
        {
            throw Failure("start --no-block", result);
        }
    }

    /// <summary>
    /// What went wrong, in systemctl's words and with its exit status named as systemctl's (the
    /// job never ran, so there is no job exit status to report). docs/runbook.md has a row per case.
    /// </summary>
    private SystemctlException Failure(string verb, ToolResult result)
    {
        var said = result.StdErr.Trim().Split('\n', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? "no message";
        var meaning = result.ExitCode switch
        {
            4 => "access denied: the polkit rule that lets this account start the unit is missing or does not match",
            5 => "the unit is not installed or failed to load",
            _ => "see the message",
        };
        return new SystemctlException($"systemctl {verb} {Name} failed (systemctl exit status {result.ExitCode}, {meaning}): {said}");
    }

    private static async Task<ToolResult> RunAsync(IReadOnlyList<string> arguments, CancellationToken ct)
    {
        var info = new ProcessStartInfo("systemctl")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(info) ?? throw new SystemctlException("systemctl could not be started");
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new SystemctlException($"systemctl could not be run ({ex.Message}); this host has no systemd: pass --run-command to run the job directly");
        }

        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync(ct);
            var stderr = process.StandardError.ReadToEndAsync(ct);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(SystemctlTimeout);
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                ct.ThrowIfCancellationRequested();
                throw new SystemctlException($"systemctl {string.Join(' ', arguments)} did not answer within {Duration.Format(SystemctlTimeout)}");
            }

            return new ToolResult(process.ExitCode, await stdout, await stderr);
        }
    }

    private sealed record ToolResult(int ExitCode, string StdOut, string StdErr);
}

/// <summary>systemctl refused or failed; the message says so in its own words.</summary>
internal sealed class SystemctlException(string message) : Exception(message);
