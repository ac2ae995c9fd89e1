using System.Text;

namespace CocktailDb.Ops.Configuration;

/// <summary>
/// Reads the KEY=VALUE file Ansible writes for Docker Compose (/opt/cocktaildb/.env). It is
/// parsed, never executed: a password full of shell metacharacters is just text here.
/// Compose rules: <c>$$</c> means <c>$</c> outside single quotes; single-quoted values are
/// literal; double-quoted values understand \" \\ \n \t; an unquoted value ends at " #".
/// An <c>export </c> prefix and blank or <c>#</c> lines are tolerated.
/// </summary>
internal static class EnvFile
{
    public static Dictionary<string, string> Parse(string text, string path)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var lines = text.Replace("\r\n", "\n").Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            if (line.StartsWith("export ", StringComparison.Ordinal))
            {
                line = line["export ".Length..].TrimStart();
            }

            var equals = line.IndexOf('=');
            if (equals <= 0)
            {
                throw Cli.OpsException.Configuration($"{path}:{i + 1}: expected KEY=VALUE, found a line without '=' (the value is not shown)");
            }

            var key = line[..equals].Trim();
            values[key] = ParseValue(line[(equals + 1)..].TrimStart(), path, i + 1, key);
        }

        return values;
    }

    private static string ParseValue(string raw, string path, int lineNumber, string key)
    {
        if (raw.Length == 0)
        {
            return string.Empty;
        }

        var quote = raw[0];
        if (quote is '\'' or '"')
        {
            var close = FindClosingQuote(raw, quote);
            if (close < 0)
            {
                throw Cli.OpsException.Configuration($"{path}:{lineNumber}: the value of {key} opens a {quote} quote that is never closed");
            }

            var inner = raw[1..close];
            return quote == '\'' ? inner : UnescapeDoubleQuoted(inner);
        }

        var comment = raw.IndexOf(" #", StringComparison.Ordinal);
        var value = (comment >= 0 ? raw[..comment] : raw).TrimEnd();
        return value.Replace("$$", "$", StringComparison.Ordinal);
    }

    private static int FindClosingQuote(string raw, char quote)
    {
        for (var i = 1; i < raw.Length; i++)
        {
            if (quote == '"' && raw[i] == '\\')
            {
                i++;
            }
            else if (raw[i] == quote)
            {
                return i;
            }
        }

        return -1;
    }

    private static string UnescapeDoubleQuoted(string inner)
    {
        var result = new StringBuilder(inner.Length);
        for (var i = 0; i < inner.Length; i++)
        {
            var c = inner[i];
            if (c == '\\' && i + 1 < inner.Length)
            {
                var next = inner[++i];
                result.Append(next switch
                {
                    'n' => '\n',
                    't' => '\t',
                    'r' => '\r',
                    _ => next,
                });
            }
            else if (c == '$' && i + 1 < inner.Length && inner[i + 1] == '$')
            {
                result.Append('$');
                i++;
            }
            else
            {
                result.Append(c);
            }
        }

        return result.ToString();
    }
}
