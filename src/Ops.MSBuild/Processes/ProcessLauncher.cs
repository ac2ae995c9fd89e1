using System.Collections.Concurrent;
using System.ComponentModel;
using System.Diagnostics;
using System.Text;
using CocktailDb.Ops.MSBuild.Tasks;

namespace CocktailDb.Ops.MSBuild.Processes;

/// <summary>How to run one child process.</summary>
internal sealed class ProcessOptions
{
    /// <summary>Variables to set (or, with a null value, remove) for the child only. Secrets go here, never into arguments.</summary>
    public Dictionary<string, string?> Environment { get; } = new(StringComparer.Ordinal);

    public string? WorkingDirectory { get; init; }

    /// <summary>Log every output line at high importance as it arrives, with this prefix; null keeps the output quiet.</summary>
    public string? EchoPrefix { get; init; }

    /// <summary>Bytes to write to standard input, then close it; null closes it at once.</summary>
    public string? StandardInput { get; init; }
}

/// <summary>What a finished child process left: its exit code and its output lines (both streams, in arrival order).</summary>
internal sealed record ProcessOutcome(int ExitCode, IReadOnlyList<string> Lines)
{
    public string Text => string.Join("\n", Lines);

    /// <summary>The last lines, to quote in an error message.</summary>
    public string Tail(int count = 15) => string.Join("\n", Lines.Skip(Math.Max(0, Lines.Count - count)));
}

/// <summary>
/// Runs programs as argument lists (no local shell in between) and streams their output into
/// the build log line by line. Lines are read on background threads but logged from the task's
/// own thread: a task host forwards log calls over a pipe and is not built for concurrent callers.
/// Standard input is closed (or fed and closed) so that ssh and sudo can never wait for a
/// prompt nobody will answer.
/// </summary>
internal sealed class ProcessLauncher(OpsTask task, CancellationToken cancellationToken)
{
    public ProcessOutcome Run(string fileName, IReadOnlyList<string> arguments, ProcessOptions? options = null)
    {
        options ??= new ProcessOptions();
        var info = new ProcessStartInfo(fileName)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            WorkingDirectory = options.WorkingDirectory ?? string.Empty,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in options.Environment)
        {
            if (value is null)
            {
                info.Environment.Remove(name);
            }
            else
            {
                info.Environment[name] = value;
            }
        }

        task.LogNormal("running: " + ShellWords.Join([fileName, .. arguments]));
        Process process;
        try
        {
            process = Process.Start(info) ?? throw new Win32Exception();
        }
        catch (Win32Exception ex)
        {
            throw ErrorCodes.Error(ErrorCodes.ToolNotFound, $"could not start '{fileName}': {ex.Message}. Install it or put it on PATH.");
        }

        using (process)
        using (cancellationToken.Register(() => Kill(process)))
        {
            if (options.StandardInput is { } input)
            {
                process.StandardInput.Write(input);
            }

            process.StandardInput.Close();

            var lines = new BlockingCollection<string>();
            var readers = new[] { Pump(process.StandardOutput, lines), Pump(process.StandardError, lines) };
            var captured = new List<string>();
            _ = Task.WhenAll(readers).ContinueWith(_ => lines.CompleteAdding(), TaskScheduler.Default);
            foreach (var line in lines.GetConsumingEnumerable())
            {
                captured.Add(line);
                if (options.EchoPrefix is { } prefix)
                {
                    task.LogHigh(prefix + line);
                }
                else
                {
                    task.LogNormal("  " + line);
                }

            }

            process.WaitForExit();
            cancellationToken.ThrowIfCancellationRequested();
            return new ProcessOutcome(process.ExitCode, captured);
        }
    }

    private static Task Pump(StreamReader reader, BlockingCollection<string> lines) =>
        Task.Factory.StartNew(
            () =>
            {
                while (reader.ReadLine() is { } line)
                {
                    lines.Add(line);
                }
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);

    private static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
    }
}
