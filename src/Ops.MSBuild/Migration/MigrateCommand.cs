using CocktailDb.Ops.MSBuild.Processes;
using CocktailDb.Ops.MSBuild.Tasks;
using CocktailDb.Ops.Shared.Connection;

namespace CocktailDb.Ops.MSBuild.Migration;

/// <summary>The argument list of one <c>cocktaildb-ops migrate</c> run, the same for the local and the remote flow.</summary>
public static class MigrateCommand
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
    /// The value is read as the binary reads it (see ConnectionText), not searched for words,
    /// so no spelling of the password keyword gets through; a value that cannot be read is
    /// refused too, since it cannot be checked.
    /// </summary>
    public static void RefusePasswords(IReadOnlyList<string> arguments)
    {
        for (var i = 0; i < arguments.Count; i++)
        {
            var value = arguments[i] == "--connection" && i + 1 < arguments.Count ? arguments[i + 1]
                : arguments[i].StartsWith("--connection=", StringComparison.Ordinal) ? arguments[i]["--connection=".Length..]
                : null;
            if (value is null)
            {
                continue;
            }

            var settings = ConnectionText.TryParse(value)
                ?? throw ErrorCodes.Error(
                    ErrorCodes.InvalidSetting,
                    "the connection given to migrate is neither a postgres:// URL nor a connection string (Host=...;Username=...;Database=...), " +
                    "so it cannot be checked for a password and is not passed on; fix its syntax.");
            if (!string.IsNullOrEmpty(settings.Password))
            {
                throw ErrorCodes.Error(
                    ErrorCodes.PasswordOnCommandLine,
                    "the connection given to migrate contains a password, which would be visible on the command line; " +
                    "leave it out of the URL or connection string and set DB_PASSWORD in the environment (locally) or in the env file (on the host).");
            }
        }
    }
}
