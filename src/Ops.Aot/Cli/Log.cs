namespace CocktailDb.Ops.Cli;

/// <summary>
/// Plain log lines that read well in journald (which adds its own timestamps). Progress goes
/// to standard output, or to standard error when standard output carries --json. Under systemd
/// each line carries its syslog priority as a "&lt;N&gt;" prefix, which journald strips and keeps
/// (SyslogLevelPrefix=, on by default), so `journalctl -p err` finds every failure and
/// `-p warning` every warning.
/// </summary>
internal static class Log
{
    private const string ErrPrefix = "<3>";
    private const string WarningPrefix = "<4>";

    private static TextWriter _progress = Console.Out;

    private static readonly bool StdErrIsJournal = JournalStream.IsConnectedTo(2);

    /// <summary>Call when standard output is reserved for a JSON document.</summary>
    public static void ProgressToStandardError() => _progress = Console.Error;

    public static void Info(string line) => _progress.WriteLine(line);

    public static void Warn(string line) => Console.Error.WriteLine($"{(StdErrIsJournal ? WarningPrefix : string.Empty)}warning: {line}");

    public static void Error(string line) => Console.Error.WriteLine($"{(StdErrIsJournal ? ErrPrefix : string.Empty)}error: {line}");
}
