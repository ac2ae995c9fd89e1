using System.Text;
using CocktailDb.Ops.MSBuild.Tasks;

namespace CocktailDb.Ops.MSBuild.Processes;

/// <summary>
/// POSIX shell words. ssh joins its command arguments with spaces and hands the result to the
/// remote user's shell, so every word of a remote command is quoted here, once, and nothing
/// typed into -p:MigrateArgs can run as a command on the host.
/// </summary>
public static class ShellWords
{
    /// <summary>Quotes a word for sh: unchanged when it holds only safe characters, else in single quotes.</summary>
    public static string Quote(string word)
    {
        if (word.Length > 0 && word.All(IsSafe))
        {
            return word;
        }

        // Inside single quotes nothing is special except the quote itself: close, escape, reopen.
        return "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
    }

    public static string Join(IEnumerable<string> words) => string.Join(" ", words.Select(Quote));

    /// <summary>
    /// Splits a property value such as <c>--target 12 --lock-timeout "5m"</c> into words the way
    /// a shell would, without expanding anything: whitespace separates, single quotes keep
    /// everything, double quotes keep everything but <c>\"</c> and <c>\\</c>, a backslash
    /// outside quotes keeps the next character.
    /// </summary>
    public static IReadOnlyList<string> Split(string? text)
    {
        var words = new List<string>();
        if (string.IsNullOrWhiteSpace(text))
        {
            return words;
        }

        var current = new StringBuilder();
        var inWord = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c))
            {
                if (inWord)
                {
                    words.Add(current.ToString());
                    current.Clear();
                    inWord = false;
                }

                continue;
            }

            inWord = true;
            switch (c)
            {
                case '\'':
                    var close = text.IndexOf('\'', i + 1);
                    if (close < 0)
                    {
                        throw Unbalanced(text, "'");
                    }

                    current.Append(text, i + 1, close - i - 1);
                    i = close;
                    break;
                case '"':
                    i++;
                    while (true)
                    {
                        if (i >= text.Length)
                        {
                            throw Unbalanced(text, "\"");
                        }

                        if (text[i] == '"')
                        {
                            break;
                        }

                        if (text[i] == '\\' && i + 1 < text.Length && text[i + 1] is '"' or '\\')
                        {
                            i++;
                        }

                        current.Append(text[i]);
                        i++;
                    }

                    break;
                case '\\' when i + 1 < text.Length:
                    current.Append(text[++i]);
                    break;
                default:
                    current.Append(c);
                    break;
            }
        }

        if (inWord)
        {
            words.Add(current.ToString());
        }

        return words;
    }

    private static bool IsSafe(char c) =>
        c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '-' or '_' or '.' or '/' or ':' or '=' or '@' or ',' or '+' or '%';

    private static OpsBuildException Unbalanced(string text, string quote) =>
        ErrorCodes.Error(ErrorCodes.InvalidMigrateArgs, $"MigrateArgs has an unclosed {quote} quote: {text}. Quote each argument as you would in a shell, e.g. -p:MigrateArgs=\"--target 12\".");
}
