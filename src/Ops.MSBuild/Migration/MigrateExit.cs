using CocktailDb.Ops.MSBuild.Tasks;

namespace CocktailDb.Ops.MSBuild.Migration;

/// <summary>
/// Turns the exit code of <c>cocktaildb-ops migrate</c> (src/Ops.Aot/Cli/ExitCodes.cs, the
/// contract in DESIGN.md section 3) into one build error that says what happened and what to do.
/// </summary>
public static class MigrateExit
{
    /// <param name="exitCode">The exit code of migrate (for a remote run: of ssh, which passes it on).</param>
    /// <param name="where">"on dev (ec2-user@dev.mixology.tools)" or "on the local database".</param>
    /// <param name="settingsHint">Where the DB_* settings came from, for exits 5 and 6.</param>
    /// <returns>Null for exit 0.</returns>
    public static OpsBuildException? ToError(int exitCode, string where, string settingsHint) => exitCode switch
    {
        0 => null,
        1 => ErrorCodes.Error(
            ErrorCodes.MigrateFailed,
            $"migrate failed {where} (exit 1): the failing migration was rolled back and nothing after it ran; the output above names the file and statement. Fix it in a new migration and run again."),
        2 => ErrorCodes.Error(
            ErrorCodes.MigrateUsage,
            $"cocktaildb-ops rejected its arguments {where} (exit 2): check -p:MigrateArgs (see 'cocktaildb-ops migrate --help')."),
        3 => ErrorCodes.Error(
            ErrorCodes.MigrateDrift,
            $"drift {where} (exit 3): applied migrations no longer match their files, or the database has migrations this binary does not know; nothing was applied. " +
            "Restore any edited migration file (changes go into a new migration) or deploy the newer binary; 'cocktaildb-ops verify' lists the differences."),
        4 => ErrorCodes.Error(
            ErrorCodes.MigrateLockTimeout,
            $"lock timeout {where} (exit 4): another runner held the migration lock (the output above names it); nothing was applied. " +
            "Run again when it has finished, or wait longer with -p:MigrateArgs=\"--lock-timeout 5m\"."),
        5 => ErrorCodes.Error(
            ErrorCodes.MigrateCannotConnect,
            $"cannot connect to the database {where} (exit 5): check that PostgreSQL is running and that {settingsHint} point at it."),
        6 => ErrorCodes.Error(
            ErrorCodes.MigrateConfiguration,
            $"database configuration missing or invalid {where} (exit 6), or a database with tables but no ledger (see above): check {settingsHint}."),
        8 => ErrorCodes.Error(
            ErrorCodes.MigrateDdlLockTimeout,
            $"a migration did not get its table locks in time {where} (exit 8), on any try: a long transaction of the site held them (the output above names it); " +
            "nothing of that migration was applied, the ones before it were. Run again when that transaction has ended, or allow longer waits with -p:MigrateArgs=\"--ddl-lock-timeout 30s --lock-retries 10\"."),
        130 => ErrorCodes.Error(ErrorCodes.MigrateExitOther, $"migrate was interrupted {where} (exit 130); each migration commits whole or not at all, so run again."),
        _ => ErrorCodes.Error(ErrorCodes.MigrateExitOther, $"migrate ended with exit code {exitCode} {where}; see the output above."),
    };
}
