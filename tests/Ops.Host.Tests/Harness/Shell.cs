namespace CocktailDb.Ops.Host.Tests.Harness;

/// <summary>POSIX shell quoting for commands that ssh hands to the host's shell.</summary>
internal static class Shell
{
    /// <summary>One word, single-quoted: nothing inside is expanded.</summary>
    public static string Quote(string word) => "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    public static string Join(params string[] words) => string.Join(' ', words.Select(Quote));
}
