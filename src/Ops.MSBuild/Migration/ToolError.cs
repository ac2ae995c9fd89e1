using System.Text.RegularExpressions;

namespace CocktailDb.Ops.MSBuild.Migration;

/// <summary>
/// What cocktaildb-ops said when it failed. The binary ends every failure with one message that
/// starts with "error: " (src/Ops.Aot/Cli/ErrorFilter.cs) and may go on over several lines (the
/// drifted files, one per line); nothing follows it but the exit. The build error quotes it, so
/// the reason is in the error itself and not only somewhere above it, and points at the file it
/// names.
/// </summary>
public static partial class ToolError
{
    private const string Prefix = "error: ";

    /// <summary>The message of the last "error: " line to the end of the output, or null when there is none.</summary>
    public static string? Text(IReadOnlyList<string> output)
    {
        for (var i = output.Count - 1; i >= 0; i--)
        {
            if (output[i].StartsWith(Prefix, StringComparison.Ordinal))
            {
                var lines = output.Skip(i).ToList();
                lines[0] = lines[0][Prefix.Length..];
                return string.Join("\n", lines).TrimEnd();
            }
        }

        return null;
    }

    /// <summary>The .sql file the message is about and its line (0 when it names no line); null when it names none.</summary>
    public static (string File, int Line)? Location(string? message)
    {
        if (message is null)
        {
            return null;
        }

        foreach (var pattern in new[] { StatementFailed(), TransactionControl(), Drifted(), NamedFile() })
        {
            var match = pattern.Match(message);
            if (match.Success)
            {
                var line = match.Groups["line"].Success ? int.Parse(match.Groups["line"].Value, System.Globalization.CultureInfo.InvariantCulture) : 0;
                return (match.Groups["file"].Value, line);
            }
        }

        return null;
    }

    // "14_migration_x.sql, statement 3 of 9 (line 42): relation ... [42P01]; ..." (FailureReport)
    [GeneratedRegex(@"(?<file>[\w.-]+\.sql), statement \d+ of \d+ \(line (?<line>\d+)\)", RegexOptions.CultureInvariant)]
    private static partial Regex StatementFailed();

    // "nothing was applied: 15_migration_x.sql line 3 controls transactions itself ..." (Migrator)
    [GeneratedRegex(@"(?<file>[\w.-]+\.sql) line (?<line>\d+)", RegexOptions.CultureInvariant)]
    private static partial Regex TransactionControl();

    // "  09_migration_x.sql: applied <sha>, file now <sha>" (Migrator, drift)
    [GeneratedRegex(@"^\s+(?<file>[\w.-]+\.sql): applied ", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex Drifted();

    // Any other message that starts with a file name, e.g. "14_migration_x.sql: recording it in schema_migrations failed".
    [GeneratedRegex(@"^(?<file>[\w.-]+\.sql)\b", RegexOptions.CultureInvariant)]
    private static partial Regex NamedFile();
}
