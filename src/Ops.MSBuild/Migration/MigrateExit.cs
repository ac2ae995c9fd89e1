using CocktailDb.Ops.MSBuild.Tasks;

namespace CocktailDb.Ops.MSBuild.Migration;

/// <summary>
/// Turns the end of <c>cocktaildb-ops migrate</c> (its exit code, src/Ops.Aot/Cli/ExitCodes.cs and
/// the contract in docs/runbook.md, "Exit codes", and its own error message) into one build error: what
/// happened, in the tool's words, where (the .sql file and line when it names one), and what to do.
/// </summary>
public static class MigrateExit
{
    /// <param name="exitCode">The exit code of migrate (for a remote run: of ssh, which passes it on).</param>
    /// <param name="output">Everything migrate printed, for its closing "error: " message.</param>
    /// <param name="where">"on dev (ec2-user@dev.mixology.tools)" or "on the local database".</param>
    /// <param name="settingsHint">Where the DB_* settings came from, for exits 5 and 6.</param>
    /// <param name="sources">Where the embedded migrations live here, to point at the failing file.</param>
    /// <returns>Null for exit 0.</returns>
    public static OpsBuildException? ToError(int exitCode, IReadOnlyList<string> output, string where, string settingsHint, MigrationSources sources)
    {
        if (exitCode == 0)
        {
            return null;
        }

        var said = ToolError.Text(output);
        var (code, headline, advice) = exitCode switch
        {
            1 => (ErrorCodes.MigrateFailed, "migrate failed",
                "A migration that failed was not recorded, so fix that file and run again; the ones before it stay applied."),
            2 => (ErrorCodes.MigrateUsage, "cocktaildb-ops rejected its arguments",
                "Check -p:MigrateArgs (see 'cocktaildb-ops migrate --help')."),
            3 => (ErrorCodes.MigrateDrift, "drift",
                "Nothing was applied. Restore any edited migration file (changes go into a new migration) or deploy the newer binary; 'cocktaildb-ops verify' lists the differences."),
            4 => (ErrorCodes.MigrateLockTimeout, "lock timeout",
                "Another runner held the migration lock; nothing was applied. Run again when it has finished, or wait longer with -p:MigrateArgs=\"--lock-timeout 5m\"."),
            5 => (ErrorCodes.MigrateCannotConnect, "cannot connect to the database",
                $"Check that PostgreSQL is running and that {settingsHint} point at it."),
            6 => (ErrorCodes.MigrateConfiguration, "database configuration missing or invalid",
                $"Check {settingsHint}."),
            8 => (ErrorCodes.MigrateDdlLockTimeout, "a migration did not get its table locks in time",
                "On no try: a long transaction of the site held them (named above). Nothing of that migration was applied, the ones before it were. " +
                "Run again when that transaction has ended, or allow longer waits with -p:MigrateArgs=\"--ddl-lock-timeout 30s --lock-retries 10\"."),
            130 => (ErrorCodes.MigrateExitOther, "migrate was interrupted",
                "Each migration commits whole or not at all, so run again."),
            _ => (ErrorCodes.MigrateExitOther, $"migrate ended with exit code {exitCode}",
                "See the output above."),
        };

        var message = said is null
            ? $"{headline} {where} (exit {exitCode}). {advice}"
            : $"{headline} {where} (exit {exitCode}): {said}\n{advice}";
        var error = ErrorCodes.Error(code, message);
        return ToolError.Location(said) is var (file, line) && sources.Find(file) is { } path ? error.At(path, line) : error;
    }
}
