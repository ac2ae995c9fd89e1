using System.Text.RegularExpressions;
using CocktailDb.Ops.MSBuild.Processes;
using CocktailDb.Ops.MSBuild.Tasks;

namespace CocktailDb.Ops.MSBuild.Migration;

/// <summary>The argument list of one <c>cocktaildb-ops migrate</c> run, the same for the local and the remote flow.</summary>
public static partial class MigrateCommand
{
    /// <param name="dryRun">-p:DryRun=true: list what would run, change nothing.</param>
    /// <param name="migrateArgs">-p:MigrateArgs, split like shell words.</param>
    /// <param name="source">Where the database settings come from, e.g. ["--env-file", "/opt/cocktaildb/.env"].</param>
    public static IReadOnlyList<string> Arguments(bool dryRun, string? migrateArgs, params string[] source)
    {
        var extra = ShellWords.Split(migrateArgs);
        var arguments = new List<string> { "migrate" };
        arguments.AddRange(source);
        if (dryRun && !extra.Contains("--dry-run"))
        {
            arguments.Add("--dry-run");
        }

        arguments.AddRange(extra);
        RefusePasswords(arguments);
        return arguments;
    }

    /// <summary>
    /// A --connection value with a password in it would sit in the process list of the host
    /// (and in the build log) for everyone to read: refuse it and say where the password goes.
    /// </summary>
    public static void RefusePasswords(IReadOnlyList<string> arguments)
    {
        for (var i = 0; i < arguments.Count; i++)
        {
            var value = arguments[i] == "--connection" && i + 1 < arguments.Count ? arguments[i + 1]
                : arguments[i].StartsWith("--connection=", StringComparison.Ordinal) ? arguments[i]["--connection=".Length..]
                : null;
            if (value is not null && HasPassword(value))
            {
                throw ErrorCodes.Error(
                    ErrorCodes.PasswordOnCommandLine,
                    "the connection given to migrate contains a password, which would be visible on the command line; " +
                    "leave it out of the URL or connection string and set DB_PASSWORD in the environment (locally) or in the env file (on the host).");
            }
        }
    }

    public static bool HasPassword(string connection)
    {
        if (UrlPassword().IsMatch(connection))
        {
            return true;
        }

        return KeywordPassword().IsMatch(connection);
    }

    // postgres://user:secret@host: a colon in the user-info part.
    [GeneratedRegex(@"^postgres(ql)?://[^@/]*:[^@/]*@", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex UrlPassword();

    // Host=...;Password=secret (Npgsql also accepts "Pwd").
    [GeneratedRegex(@"(^|;)\s*(password|pwd)\s*=\s*[^;\s]", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex KeywordPassword();
}
