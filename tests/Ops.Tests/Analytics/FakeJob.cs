using CocktailDb.Ops.Tests.Harness;

namespace CocktailDb.Ops.Tests.Analytics;

/// <summary>
/// Stands in for `systemctl start cocktaildb-analytics.service`: records each call (start and
/// end lines with the time), sleeps, and exits with a chosen code.
/// </summary>
public sealed class FakeJob : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("cocktaildb-job").FullName;

    public FakeJob(double sleepSeconds = 0, int exitCode = 0)
    {
        Script = Path.Combine(_folder, "analytics-job.sh");
        Record = Path.Combine(_folder, "calls.log");
        File.WriteAllText(Script, "#!/bin/bash\necho \"start $(date +%s.%N)\" >> \"$1\"\nsleep \"$2\"\necho \"end $(date +%s.%N)\" >> \"$1\"\nexit \"$3\"\n");
        File.SetUnixFileMode(Script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        SleepSeconds = sleepSeconds;
        ExitCode = exitCode;
    }

    public string Script { get; }

    public string Record { get; }

    public double SleepSeconds { get; set; }

    public int ExitCode { get; set; }

    /// <summary>The --run-command value: the script and its arguments, no shell involved.</summary>
    public string Command => $"{Script} {Record} {SleepSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture)} {ExitCode}";

    public int Starts => Lines("start");

    public int Ends => Lines("end");

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private int Lines(string kind) => File.Exists(Record) ? File.ReadAllLines(Record).Count(l => l.StartsWith(kind + " ", StringComparison.Ordinal)) : 0;
}
