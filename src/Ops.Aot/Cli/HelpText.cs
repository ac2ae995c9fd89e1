using System.Text;

namespace CocktailDb.Ops.Cli;

/// <summary>
/// Turns the help ConsoleAppFramework generates from the doc comments into help that reads like a
/// hand-written tool's: the program name in "Usage:", value placeholders that say what to type
/// (<c>&lt;duration&gt;</c>, not <c>&lt;string&gt;</c> or <c>&lt;long?&gt;</c>), defaults as
/// text (<c>(default 60s)</c>, not <c>@"60s"</c>, and none for null or false), one sentence
/// per command in the command list, and text wrapped to 80 columns.
/// </summary>
internal static class HelpText
{
    public const string Program = "cocktaildb-ops";

    private const int Width = 80;

    /// <summary>Placeholders by option: what the value is, not its C# type.</summary>
    private static readonly Dictionary<string, string> Placeholders = new(StringComparer.Ordinal)
    {
        ["--target"] = "version",
        ["--version"] = "version",
        ["--lock-timeout"] = "duration",
        ["--ddl-lock-timeout"] = "duration",
        ["--statement-timeout"] = "duration",
        ["--lock-retry-max-wait"] = "duration",
        ["--lock-retries"] = "count",
        ["--retry-delay"] = "duration",
        ["--quiet-period"] = "duration",
        ["--max-wait"] = "duration",
        ["--run-timeout"] = "duration",
        ["--env-file"] = "file",
        ["--connection"] = "url",
        ["--run-command"] = "command",
        ["--unit"] = "unit",
    };

    /// <summary>True for the text the framework prints for -h/--help (everything else it logs passes unchanged).</summary>
    public static bool IsHelp(string text) => text.StartsWith("Usage:", StringComparison.Ordinal);

    public static string Rewrite(string help)
    {
        var output = new StringBuilder();
        var section = string.Empty;
        // The rows of the current section (a class, not a tuple: value-type generics cost binary size).
        var rows = new List<HelpRow>();
        foreach (var line in help.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
        {
            if (line.StartsWith("Usage:", StringComparison.Ordinal))
            {
                output.AppendLine(Usage(line));
            }
            else if (line is "Commands:" or "Options:" or "Arguments:")
            {
                section = line;
            }
            else if (line.Length == 0)
            {
                Flush(output, section, rows);
                section = string.Empty;
                output.AppendLine();
            }
            else if (section == "Commands:" && Row(line) is { } command)
            {
                rows.Add(new HelpRow(command.Head, FirstSentence(command.Text)));
            }
            else if (section is "Options:" or "Arguments:" && Row(line) is { } option && option.Head.StartsWith('-'))
            {
                rows.Add(new HelpRow(Names(option.Head), Describe(option.Text)));
            }
            else
            {
                output.Append(Wrap(line.Trim(), string.Empty));
            }
        }

        Flush(output, section, rows);
        return output.ToString().TrimEnd() + "\n";
    }

    // "Usage: [command] [-h|--help] [--version]" or "Usage: migrate [options...] [-h|--help] [--version]"
    private static string Usage(string line)
    {
        var words = line["Usage:".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Where(w => w is not "[-h|--help]" and not "[--version]")
            .Select(w => w switch
            {
                "[command]" => "<command>",
                "[options...]" => "[options]",
                "[arguments...]" => "<arguments>",
                _ => w,
            })
            .ToList();
        if (words is ["<command>"])
        {
            words.Add("[options]");
        }

        return $"Usage: {Program} {string.Join(" ", words)}";
    }

    private static void Flush(StringBuilder output, string section, List<HelpRow> rows)
    {
        if (rows.Count == 0)
        {
            return;
        }

        output.AppendLine(section);
        var column = 0;
        foreach (var row in rows)
        {
            column = Math.Max(column, row.Head.Length + 4);
        }

        foreach (var row in rows)
        {
            var first = "  " + row.Head.PadRight(column - 2);
            var wrapped = Wrap(row.Text, new string(' ', column));
            output.Append(first).Append(wrapped.TrimStart());
        }

        rows.Clear();
    }

    /// <summary>
    /// A row of the framework's table, "  head    text": the head (a command, or an option's
    /// names and type) ends at the first run of two or more spaces. Plain string work: the
    /// generated regular expressions it replaces cost about 30 KB of binary.
    /// </summary>
    private static HelpRow? Row(string line)
    {
        if (!line.StartsWith("  ", StringComparison.Ordinal) || line.Length < 3 || line[2] == ' ')
        {
            return null;
        }

        var gap = line.IndexOf("  ", 2, StringComparison.Ordinal);
        return gap < 0 ? null : new HelpRow(line[2..gap], line[gap..].Trim());
    }

    // "--lock-timeout <string>", "-h, --help" or "--dry-run".
    private static string Names(string head)
    {
        var typeAt = head.IndexOf(" <", StringComparison.Ordinal);
        if (typeAt < 0 || !head.EndsWith('>'))
        {
            return head;
        }

        var names = head[..typeAt];
        var type = head[(typeAt + 2)..^1];
        var longest = names.Split(", ").Last();
        var placeholder = Placeholders.TryGetValue(longest, out var known) ? known
            : type.TrimEnd('?') switch
            {
                "long" or "int" => "N",
                "bool" => "true|false",
                _ => "text",
            };
        return $"{names} <{placeholder}>";
    }

    // "How long ... [Default: @"60s"]", "The version. [Required]" or "List ...".
    private static string Describe(string text)
    {
        const string Required = "[Required]";
        const string Default = "[Default: ";
        if (text.EndsWith(Required, StringComparison.Ordinal))
        {
            return text[..^Required.Length].TrimEnd() + " (required)";
        }

        var defaultAt = text.LastIndexOf(Default, StringComparison.Ordinal);
        if (defaultAt < 0 || !text.EndsWith(']'))
        {
            return text;
        }

        var value = text[(defaultAt + Default.Length)..^1];
        text = text[..defaultAt].TrimEnd();
        if (value is "null" or "false" or "default" or "0")
        {
            return text;
        }

        // C# literals as the generator prints them: @"60s", "60s".
        value = value.TrimStart('@').Trim('"');
        return $"{text} (default {value})";
    }

    /// <summary>What the top-level help ends with: how to get a command's options, the exit codes, where the database settings come from.</summary>
    public static string Footer() =>
        Wrap($"Run '{Program} <command> --help' for the options of a command.", string.Empty) +
        Wrap(ExitCodes.HelpTable, string.Empty) +
        Wrap("Database: DB_HOST DB_PORT DB_USER DB_PASSWORD DB_NAME (+ DB_SSLMODE) from the environment, else --env-file (default /opt/cocktaildb/.env), or --connection.", string.Empty);

    private static string FirstSentence(string text)
    {
        var end = text.IndexOf(". ", StringComparison.Ordinal);
        return end < 0 ? text.Trim() : text[..(end + 1)];
    }

    /// <summary>Wraps <paramref name="text"/> at word boundaries; lines after the first start with <paramref name="indent"/>.</summary>
    private static string Wrap(string text, string indent)
    {
        var result = new StringBuilder();
        var line = new StringBuilder();
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.Length > 0 && indent.Length + line.Length + 1 + word.Length > Width)
            {
                result.Append(indent).Append(line).AppendLine();
                line.Clear();
            }

            line.Append(line.Length > 0 ? " " : string.Empty).Append(word);
        }

        result.Append(indent).Append(line).AppendLine();
        return result.ToString();
    }
}

/// <summary>One row of a help table: a command or an option (names and placeholder), and its text.</summary>
internal sealed class HelpRow(string head, string text)
{
    public string Head { get; } = head;

    public string Text { get; } = text;
}
