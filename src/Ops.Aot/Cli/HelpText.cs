using System.Text;
using System.Text.RegularExpressions;

namespace CocktailDb.Ops.Cli;

/// <summary>
/// Turns the help ConsoleAppFramework generates from the doc comments into help that reads like a
/// hand-written tool's: the program name in "Usage:", value placeholders that say what to type
/// (<c>&lt;duration&gt;</c>, not <c>&lt;string&gt;</c> or <c>&lt;long?&gt;</c>), defaults as
/// text (<c>(default 60s)</c>, not <c>@"60s"</c>, and none for null or false), one sentence
/// per command in the command list, and text wrapped to 80 columns.
/// </summary>
internal static partial class HelpText
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
        var commands = new List<(string Name, string Description)>();
        var options = new List<(string Names, string Description)>();
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
                Flush(output, section, commands, options);
                section = string.Empty;
                output.AppendLine();
            }
            else if (section == "Commands:" && CommandLine().Match(line) is { Success: true } command)
            {
                commands.Add((command.Groups["name"].Value, FirstSentence(command.Groups["text"].Value)));
            }
            else if (section is "Options:" or "Arguments:" && OptionLine().Match(line) is { Success: true } option)
            {
                options.Add((Names(option), Describe(option)));
            }
            else
            {
                output.Append(Wrap(line.Trim(), string.Empty));
            }
        }

        Flush(output, section, commands, options);
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

    private static void Flush(StringBuilder output, string section, List<(string Name, string Description)> commands, List<(string Names, string Description)> options)
    {
        var rows = section == "Commands:" ? commands.Select(c => (c.Name, c.Description)).ToList() : options.Select(o => (Name: o.Names, o.Description)).ToList();
        if (rows.Count == 0)
        {
            return;
        }

        output.AppendLine(section);
        var column = rows.Max(r => r.Name.Length) + 4;
        foreach (var (name, description) in rows)
        {
            var first = "  " + name.PadRight(column - 2);
            var wrapped = Wrap(description, new string(' ', column));
            output.Append(first).Append(wrapped.TrimStart());
        }

        commands.Clear();
        options.Clear();
    }

    private static string Names(Match option)
    {
        var names = option.Groups["names"].Value;
        if (!option.Groups["type"].Success)
        {
            return names;
        }

        var longest = names.Split(", ").Last();
        var placeholder = Placeholders.TryGetValue(longest, out var known) ? known
            : option.Groups["type"].Value.TrimEnd('?') switch
            {
                "long" or "int" => "N",
                "bool" => "true|false",
                _ => "text",
            };
        return $"{names} <{placeholder}>";
    }

    private static string Describe(Match option)
    {
        var text = option.Groups["text"].Value.Trim();
        var tail = DefaultOrRequired().Match(text);
        if (!tail.Success)
        {
            return text;
        }

        text = text[..tail.Index].TrimEnd();
        if (tail.Groups["required"].Success)
        {
            return text + " (required)";
        }

        var value = tail.Groups["default"].Value;
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

    // "  migrate    Apply pending migrations ..." or "  refresh begin  ExecCondition= ..."
    [GeneratedRegex(@"^  (?<name>\S+(?: \S+)*?)\s{2,}(?<text>.*)$")]
    private static partial Regex CommandLine();

    // "  --lock-timeout <string>    How long ... [Default: @"60s"]" or "  --dry-run    List ..."
    [GeneratedRegex(@"^  (?<names>-{1,2}[\w-]+(?:, -{1,2}[\w-]+)*)(?: <(?<type>[^>]+)>)?\s{2,}(?<text>.*)$")]
    private static partial Regex OptionLine();

    [GeneratedRegex(@"\s*(?:\[Default: (?<default>.*)\]|\[(?<required>Required)\])\s*$")]
    private static partial Regex DefaultOrRequired();
}
