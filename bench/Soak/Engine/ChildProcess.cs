using System.Diagnostics;
using System.Runtime.InteropServices;

namespace CocktailDb.Bench.Soak;

/// <summary>Child processes of the soak: run to completion, or start in a process group of their own to kill whole.</summary>
internal static class ChildProcess
{
    public sealed record Result(int ExitCode, string Output);

    public static async Task<Result> RunAsync(string program, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string?> environment, TimeSpan timeout)
    {
        using var process = Start(program, arguments, environment, newProcessGroup: false);
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        await process.WaitForExitAsync(cts.Token);
        return new Result(process.ExitCode, await output + await errors);
    }

    /// <summary>
    /// Starts a program; with <paramref name="newProcessGroup"/> it leads a process group of its
    /// own (through setsid), so that <see cref="KillGroup"/> ends it together with its children,
    /// as systemd ends a service's whole control group.
    /// </summary>
    public static Process Start(string program, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string?> environment, bool newProcessGroup)
    {
        var info = new ProcessStartInfo(newProcessGroup ? "setsid" : program)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        if (newProcessGroup)
        {
            info.ArgumentList.Add(program);
        }

        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start " + program);
        process.StandardInput.Close();
        return process;
    }

    /// <summary>SIGKILL to every process of the group <paramref name="leader"/> leads.</summary>
    public static void KillGroup(Process leader)
    {
        const int SigKill = 9;
        _ = Kill(-leader.Id, SigKill);
    }

    [DllImport("libc", EntryPoint = "kill")]
    private static extern int Kill(int pid, int signal);
}
