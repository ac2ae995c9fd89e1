namespace CocktailDb.Ops.Cli;

/// <summary>Checks made before the framework sees the arguments.</summary>
internal static class CommandLine
{
    public static readonly string[] Commands =
        ["migrate", "status", "verify", "baseline", "rollback", "list", "version", "debounce", "refresh"];

    /// <summary>
    /// The framework prints help and exits 0 for an unknown command, so a typo in a deploy
    /// script would pass silently. Returns an error message for anything that is not a known
    /// command or a help/version flag, null otherwise.
    /// </summary>
    public static string? FindUsageError(string[] args)
    {
        if (args.Length == 0)
        {
            return "no command given. Run 'cocktaildb-ops --help' for the list of commands.";
        }

        var first = args[0];
        if (first is "-h" or "--help" or "--version" || Array.IndexOf(Commands, first) >= 0)
        {
            return null;
        }

        return $"unknown command '{first}'. Commands: {string.Join(", ", Commands)}. Run 'cocktaildb-ops --help' for details.";
    }
}
