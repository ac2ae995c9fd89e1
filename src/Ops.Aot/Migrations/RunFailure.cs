using Npgsql;

namespace CocktailDb.Ops.Migrations;

/// <summary>Which part of a run failed: one of the script's statements, or one of the runner's own commands.</summary>
internal enum RunStep
{
    /// <summary>The script's statement.</summary>
    Statement,

    /// <summary>BEGIN, the file's timeouts, the session settings a resumed file repeats.</summary>
    Setup,

    /// <summary>The check of the index a CREATE INDEX CONCURRENTLY builds, before or after it.</summary>
    IndexCheck,

    /// <summary>Noting in schema_migrations_progress how far a no-transaction file got.</summary>
    Progress,

    /// <summary>The session reset and the ledger change that close the script.</summary>
    Finish,

    /// <summary>COMMIT, where deferred constraints and constraint triggers are checked.</summary>
    Commit,
}

/// <summary>
/// Where a run stopped. Both runners return this instead of throwing, so that MigrationApplier
/// alone decides whether to try again and FailureReport alone words what happened.
/// </summary>
/// <param name="Run">Index of the failed script among those the runner was given.</param>
/// <param name="Statement">Index of the statement the failure belongs to; -1 when it is none or not known.</param>
/// <param name="Error">The server's error; OperationCanceledException when the run was interrupted; null for an index found invalid.</param>
/// <param name="Kept">How many of the script's statements stay applied: always 0 in a transaction.</param>
/// <param name="InvalidIndexes">For an index found invalid: those found, schema-qualified.</param>
internal sealed record RunFailure(int Run, int Statement, RunStep Step, Exception? Error, int Kept = 0, IReadOnlyList<string>? InvalidIndexes = null)
{
    /// <summary>A lock timeout, or PostgreSQL ending a deadlock by cancelling this statement: both roll back cleanly and may be retried.</summary>
    public bool IsLockConflict =>
        Error is PostgresException { SqlState: PostgresErrorCodes.LockNotAvailable or PostgresErrorCodes.DeadlockDetected };

    /// <summary>The two errors a runner turns into a failure value; anything else is a bug and propagates.</summary>
    public static bool IsRunError(Exception ex) => ex is PostgresException or OperationCanceledException;
}
