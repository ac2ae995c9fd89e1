using System.Diagnostics;
using System.Text;
using CocktailDb.Ops.Cli;

namespace CocktailDb.Ops.Analytics;

/// <summary>
/// The command that runs the analytics job, kept as an argument list and started without a
/// shell, so nothing in it is ever interpreted. Quotes group words ("a b" or 'a b'); that is all.
/// </summary>
internal sealed class RunCommand
{
    private RunCommand(string executable, IReadOnlyList<string> arguments, string text)
    {
        Executable = executable;
        Arguments = arguments;
        Text = text;
    }

    public string Executable { get; }

    public IReadOnlyList<string> Arguments { get; }

    public string Text { get; }

    /// <summary>Splits and resolves the command; exit 6 when it is empty or the program doesn't exist.</summary>
    public static RunCommand Parse(string text)
    {
        var words = Split(text);
        if (words.Count == 0)
        {
            throw OpsException.Configuration("--run-command is empty; give the program that runs the analytics job, e.g. '/opt/cocktaildb/bin/analytics --all'");
        }

        if (Path.GetFileName(words[0]) is "systemctl" or "service")
        {
            // `systemctl start` of a oneshot unit that is already starting joins that run and
            // reports its result, which says nothing about changes made after it began.
            throw OpsException.Configuration(
                $"--run-command runs the job as this check's own child and cannot drive systemd ('{words[0]}'); " +
                "to start a unit, use --unit NAME (the default, cocktaildb-analytics.service), whose hooks record each run");
        }

        var executable = Resolve(words[0])
            ?? throw OpsException.Configuration($"--run-command: program '{words[0]}' was not found{(words[0].Contains('/') ? string.Empty : " on PATH")} or is not executable");
        return new RunCommand(executable, words.Skip(1).ToList(), text);
    }

    /// <summary>Runs to completion or until <paramref name="timeout"/>, after which the process tree is killed.</summary>
    /// <param name="environment">Variables added to the job's environment.</param>
    /// <returns>The exit code, or null when it was killed for taking too long.</returns>
    public async Task<int?> RunAsync(TimeSpan timeout, IReadOnlyDictionary<string, string> environment, CancellationToken ct)
    {
        var info = new ProcessStartInfo(Executable) { UseShellExecute = false };
        foreach (var argument in Arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        // Output is not redirected: the job writes straight to this unit's journal.
        using var process = Process.Start(info) ?? throw new OpsException(ExitCodes.Failed, $"could not start {Executable}");
        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeoutSource.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(timeoutSource.Token);
            return process.ExitCode;
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            ct.ThrowIfCancellationRequested();
            return null;
        }
    }

    private static string? Resolve(string program)
    {
        if (program.Contains('/'))
        {
            return IsExecutable(program) ? Path.GetFullPath(program) : null;
        }

        foreach (var folder in (Environment.GetEnvironmentVariable("PATH") ?? "/usr/local/bin:/usr/bin:/bin").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(folder, program);
            if (IsExecutable(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    private static bool IsExecutable(string path) =>
        File.Exists(path) && (File.GetUnixFileMode(path) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0;

    private static List<string> Split(string text)
    {
        var words = new List<string>();
        var current = new StringBuilder();
        var inWord = false;
        char? quote = null;
        foreach (var c in text)
        {
            if (quote is { } q)
            {
                if (c == q)
                {
                    quote = null;
                }
                else
                {
                    current.Append(c);
                }
            }
            else if (c is '"' or '\'')
            {
                quote = c;
                inWord = true;
            }
            else if (char.IsWhiteSpace(c))
            {
                if (inWord)
                {
                    words.Add(current.ToString());
                    current.Clear();
                    inWord = false;
                }
            }
            else
            {
                current.Append(c);
                inWord = true;
            }
        }

        if (quote is not null)
        {
            throw OpsException.Configuration($"--run-command has an unclosed {quote} quote");
        }

        if (inWord)
        {
            words.Add(current.ToString());
        }

        return words;
    }
}
