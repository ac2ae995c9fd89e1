using System.Text;

namespace CocktailDb.Ops.Deployment.Tests.Harness;

/// <summary>
/// A systemd unit file read by the rules of systemd.syntax(7): [Section] headers, Key=Value
/// lines, # and ; comments, a trailing backslash continuing a line. Enough to pick out the
/// settings the tests reason about; whether systemd itself accepts the file is left to
/// `systemd-analyze verify`.
/// </summary>
internal sealed class UnitFile
{
    private readonly List<(string Section, string Key, string Value)> _entries = [];

    private UnitFile(string path) => Path = path;

    public string Path { get; }

    public static UnitFile Load(string path)
    {
        var unit = new UnitFile(path);
        var section = "";
        var pending = new StringBuilder();
        foreach (var raw in File.ReadAllLines(path))
        {
            var line = raw.Trim();
            if (pending.Length == 0 && (line.Length == 0 || line[0] is '#' or ';'))
            {
                continue;
            }

            if (line.EndsWith('\\'))
            {
                pending.Append(line[..^1]).Append(' ');
                continue;
            }

            pending.Append(line);
            var logical = pending.ToString();
            pending.Clear();
            if (logical.StartsWith('[') && logical.EndsWith(']'))
            {
                section = logical[1..^1];
                continue;
            }

            var equals = logical.IndexOf('=', StringComparison.Ordinal);
            Assert.True(equals > 0, $"{path}: '{logical}' is neither a section nor Key=Value");
            unit._entries.Add((section, logical[..equals].Trim(), logical[(equals + 1)..].Trim()));
        }

        return unit;
    }

    /// <summary>Every value of a key in a section, in file order (some keys may repeat).</summary>
    public IReadOnlyList<string> Values(string section, string key) =>
        _entries.Where(e => e.Section == section && e.Key == key).Select(e => e.Value).ToList();

    /// <summary>The value of a key that must appear exactly once.</summary>
    public string Single(string section, string key)
    {
        var values = Values(section, key);
        Assert.True(values.Count == 1, $"{Path}: expected one {key}= in [{section}], found {values.Count}");
        return values[0];
    }

    public bool Has(string section, string key) => Values(section, key).Count > 0;

    /// <summary>
    /// ExecStart= split into the argument list systemd would pass to execve(), by the quoting
    /// rules of systemd.service(5). Prefixes (-, @, +, !...), specifiers (%) and $VARIABLE
    /// expansion change what runs; the unit uses none of them, so meeting one fails loudly
    /// here rather than being run the wrong way.
    /// </summary>
    public IReadOnlyList<string> ExecStartArguments()
    {
        var line = Single("Service", "ExecStart");
        Assert.False(line.Length > 0 && "-@:+!".Contains(line[0]), $"ExecStart prefix '{line[0]}' is not understood by these tests");
        Assert.DoesNotContain('%', line);
        Assert.DoesNotContain('$', line);
        return SplitCommandLine(line);
    }

    /// <summary>
    /// A command line split into words by the quoting rules of systemd.service(5), with any
    /// prefix (+, -, ...) and specifier (%n) left in place for the caller to check.
    /// </summary>
    public static IReadOnlyList<string> SplitCommandLine(string line)
    {

        var arguments = new List<string>();
        var word = new StringBuilder();
        var inWord = false;
        char? quote = null;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (c == '\\' && i + 1 < line.Length)
            {
                word.Append(line[++i]);
                inWord = true;
            }
            else if (quote is not null)
            {
                if (c == quote)
                {
                    quote = null;
                }
                else
                {
                    word.Append(c);
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
                    arguments.Add(word.ToString());
                    word.Clear();
                    inWord = false;
                }
            }
            else
            {
                word.Append(c);
                inWord = true;
            }
        }

        Assert.True(quote is null, $"unterminated quote: {line}");
        if (inWord)
        {
            arguments.Add(word.ToString());
        }

        return arguments;
    }
}
