using CocktailDb.Ops.Cli;
using CocktailDb.Ops.Database;
using CocktailDb.Ops.Migrations.Manifest;
using Npgsql;

namespace CocktailDb.Ops.Migrations;

/// <summary>What to tell the operator when a migration's statement did not get its lock.</summary>
internal static class LockConflictReport
{
    /// <summary>A lock timeout, or PostgreSQL ending a deadlock by cancelling this statement: both roll back cleanly and may be retried.</summary>
    public static bool IsLockConflict(PostgresException ex) =>
        ex.SqlState is PostgresErrorCodes.LockNotAvailable or PostgresErrorCodes.DeadlockDetected;

    /// <summary>"5_x.sql, statement 2 of 3 (line 4) waited 1.0s (--ddl-lock-timeout) for AccessExclusiveLock on accounts, held by pid ..."</summary>
    /// <param name="statement">Index of the statement, or -1 for the runner's own commands (the ledger row).</param>
    public static string Describe(MigrationScript script, int statement, PostgresException ex, LockWait? wait, string? lookupProblem, ExecutionPolicy policy)
    {
        var where = statement >= 0
            ? $"{script.FileName}, statement {statement + 1} of {script.Statements.Length} (line {script.Statements[statement].Line})"
            : $"{script.FileName} (recording it in {Ledger.Table})";
        if (ex.SqlState == PostgresErrorCodes.DeadlockDetected)
        {
            return $"{where} was cancelled by PostgreSQL to end a deadlock ({ex.Detail ?? ex.MessageText})";
        }

        var (timeout, source) = policy.LockTimeoutFor(script.LockTimeout);
        var holders = wait?.DescribeHolders()
            ?? $"a session that could not be seen ({lookupProblem ?? "the wait ended before it could be looked up"})";
        return $"{where} waited {Duration.Format(timeout)} (the lock timeout, from {source}) for {wait?.Wanted ?? "a lock"}, held by {holders}";
    }

    /// <summary>The pid to suggest ending, when one session alone held the lock.</summary>
    public static string Advice(LockWait? wait) =>
        wait?.Holders is [var holder]
            ? $"end that session (SELECT pg_terminate_backend({holder.Pid});)"
            : "end the session holding the lock (pg_terminate_backend)";
}
