namespace CocktailDb.Ops.Cli;

/// <summary>
/// Plain log lines that read well in journald (which adds its own timestamps). Progress goes
/// to standard output, or to standard error when standard output carries --json.
/// </summary>
internal static class Log
{
    private static TextWriter _progress = Console.Out;

    /// <summary>Call when standard output is reserved for a JSON document.</summary>
    public static void ProgressToStandardError() => _progress = Console.Error;

    public static void Info(string line) => _progress.WriteLine(line);

    public static void Warn(string line) => Console.Error.WriteLine($"warning: {line}");
}
