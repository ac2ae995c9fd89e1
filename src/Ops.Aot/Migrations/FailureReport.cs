using CocktailDb.Ops.Cli;
using CocktailDb.Ops.Database;
using CocktailDb.Ops.Migrations.Manifest;
using Npgsql;

namespace CocktailDb.Ops.Migrations;

/// <summary>
/// Words a <see cref="RunFailure"/> for the operator, whichever runner it came from: where it
/// stopped, what the server said, what stays applied and what to do. The build's error parser
/// (src/Ops.MSBuild/Migration/ToolError.cs) reads its "file, statement k of n (line L)" and
/// "file ..." forms.
/// </summary>
/// <param name="command">"migrate" or "rollback": what to run again.</param>
/// <param name="wait">What the failed statement was seen waiting for, when it was.</param>
/// <param name="lookupProblem">Why the lock holder could not be looked up, when it could not.</param>
internal sealed class FailureReport(MigrationScript script, RunFailure failure, ExecutionPolicy policy, string command, LockWait? wait, string? lookupProblem)
{
    /// <summary>The log line before a transactional script is tried again after a lock conflict.</summary>
    public string Retrying(int nextTry, int tries, TimeSpan pause) =>
        $"{LockConflict()}; rolled back, nothing of it applied. Try {nextTry} of {tries} in {Duration.Format(pause)}.";

    /// <param name="tries">How many times the script was tried.</param>
    /// <param name="appliedBefore">Scripts of this run that were applied before it.</param>
    public OpsException ToException(int tries, int appliedBefore)
    {
        if (failure.Error is OperationCanceledException)
        {
            return new OpsException(ExitCodes.Interrupted, $"interrupted during {Where()}; {Consequence()}", failure.Error);
        }

        if (!failure.IsLockConflict)
        {
            return new OpsException(ExitCodes.Failed, $"{Where()}: {What()}; {Consequence()}", failure.Error);
        }

        var advice = wait?.Holders is [var holder]
            ? $"end that session (SELECT pg_terminate_backend({holder.Pid});)"
            : "end the session holding the lock (pg_terminate_backend)";
        if (script.NoTransaction)
        {
            return new OpsException(ExitCodes.DdlLockTimeout, $"{LockConflict()}; {Consequence()}. Run {command} again once that session has finished, or {advice}.", failure.Error);
        }

        // Only migrate retries (rollback has no --lock-retries).
        var retries = command == "migrate" ? $" (--lock-retries {policy.LockRetries})" : string.Empty;
        return new OpsException(
            ExitCodes.DdlLockTimeout,
            $"{LockConflict()}. Gave up after {tries} tr{(tries == 1 ? "y" : "ies")}{retries}: " +
            $"nothing of {script.FileName} was applied{(appliedBefore > 0 ? $" (the {appliedBefore} migration(s) before it were)" : string.Empty)}. " +
            $"Run {command} again once that session has finished, or {advice}; " +
            $"to wait longer, raise --ddl-lock-timeout{(retries.Length > 0 ? " or --lock-retries" : string.Empty)}, or give the file a '-- cocktaildb:lock-timeout' header.",
            failure.Error);
    }

    /// <summary>"5_x.sql, statement 2 of 3 (line 4) waited 1.0s (...) for AccessExclusiveLock on accounts, held by pid ..."</summary>
    private string LockConflict()
    {
        var error = (PostgresException)failure.Error!;
        if (error.SqlState == PostgresErrorCodes.DeadlockDetected)
        {
            return $"{Where()} was cancelled by PostgreSQL to end a deadlock ({error.Detail ?? error.MessageText})";
        }

        var (timeout, source) = policy.LockTimeoutFor(script);
        var holders = wait?.DescribeHolders()
            ?? $"a session that could not be seen ({lookupProblem ?? "the wait ended before it could be looked up"})";
        return $"{Where()} waited {Duration.Format(timeout)} (the lock timeout, from {source}) for {wait?.Wanted ?? "a lock"}, held by {holders}";
    }

    /// <summary>The statement, at the line the server's error position points to; or the file and the runner's own step.</summary>
    private string Where()
    {
        if (failure.Statement < 0 || failure.Step is RunStep.Setup)
        {
            return failure.Step switch
            {
                _ when failure.Error is OperationCanceledException => script.FileName,
                RunStep.Setup => $"{script.FileName} (setting its timeouts and session before its statements)",
                RunStep.Finish => $"{script.FileName} (resetting the session and writing its change to {Ledger.Table})",
                RunStep.Commit => $"{script.FileName} (at COMMIT, where deferred constraints and constraint triggers are checked)",
                _ => script.FileName,
            };
        }

        var statement = script.Statements[failure.Statement];
        var line = statement.Line;
        if (failure.Step == RunStep.Statement && failure.Error is PostgresException { Position: > 0 } error && error.Position <= statement.Text.Length)
        {
            line += statement.Text.AsSpan(0, error.Position - 1).Count('\n');
        }

        return $"{script.FileName}, statement {failure.Statement + 1} of {script.Statements.Length} (line {line})";
    }

    private string What()
    {
        if (failure.InvalidIndexes is { } invalid)
        {
            var index = script.Statements[failure.Statement].Index!;
            return index.Name.Length == 0
                ? $"{index.Table} has the invalid index {string.Join(", ", invalid)}, left by an interrupted or failed build; this statement names no index, so running it would build a second one next to it. " +
                  $"Drop it (DROP INDEX CONCURRENTLY {invalid[0]};) if it is this statement's, and name the index in the file so a rerun can repair it by itself"
                : invalid.Count > 0
                    ? $"it finished, but the index {string.Join(", ", invalid)} on {index.Table} is not valid"
                    : $"it finished, but {index.Table} has no index {index.Name} (IF NOT EXISTS skips the build when another relation already has that name)";
        }

        var error = (PostgresException)failure.Error!;
        var step = failure.Step switch
        {
            RunStep.Progress => $"it ran, but noting that in {StatementProgress.Table} failed: ",
            RunStep.IndexCheck => "checking or repairing the index it builds failed: ",
            _ => string.Empty,
        };
        return $"{step}{error.MessageText}{(error.Detail is { Length: > 0 } detail ? $" ({detail})" : string.Empty)} [{error.SqlState}]";
    }

    /// <summary>What stays applied, and where the next run starts.</summary>
    private string Consequence()
    {
        if (!script.NoTransaction)
        {
            return failure.Error is OperationCanceledException
                ? "a file commits whole with its ledger change or not at all, so nothing was left half done"
                : "nothing from this file was applied (the transaction was rolled back)";
        }

        var kept = failure.Kept;
        if (kept == 0)
        {
            return "no statement of it has run, and the file is not recorded";
        }

        var next = kept >= script.Statements.Length ? "the next run only records it"
            : failure.Step == RunStep.Progress ? $"the next run runs statement {kept} again, since its progress note is missing"
            : $"the next run resumes at statement {kept + 1}";
        return $"{(kept == 1 ? "statement 1 has run and stays" : $"statements 1-{kept} have run and stay")} applied (no transaction); " +
            $"the file is not recorded, and {next} ({StatementProgress.Table} keeps count)";
    }
}
