using CocktailDb.Ops.Cli;
using CocktailDb.Ops.Database;
using Npgsql;

namespace CocktailDb.Ops.Migrations;

/// <summary>
/// Runs scripts in order and stops at the first that fails: consecutive transactional ones
/// through <see cref="TransactionalPipeline"/> together, a no-transaction one through
/// <see cref="NoTransactionRunner"/> on its own, each watched by a <see cref="LockWatch"/>.
/// The one place that decides what a failure means: a transactional script that did not get
/// its locks in time (or lost a deadlock) was rolled back whole by PostgreSQL, so it is tried
/// again after a pause, up to --lock-retries more times; anything else ends the run.
/// </summary>
/// <param name="command">"migrate" or "rollback", for the advice in a failure's message.</param>
internal sealed class MigrationApplier(NpgsqlConnection connection, NpgsqlDataSource dataSource, ExecutionPolicy policy, string command)
{
    // Only spreads retries apart; nothing here needs unpredictability.
    private readonly Random _jitter = new();

    public async Task<List<AppliedMigration>> ApplyAsync(IReadOnlyList<ScriptRun> runs, CancellationToken ct)
    {
        var applied = new List<AppliedMigration>();
        void Applied(ScriptRun run, TimeSpan elapsed)
        {
            Log.Info($"{run.Done} in {Duration.Format(elapsed)}");
            applied.Add(new AppliedMigration(run.Script.Version, run.Script.FileName, run.Script.NoTransaction, elapsed));
        }

        var retries = 0;
        var noTransaction = new NoTransactionRunner(connection, policy);
        await using var watch = new LockWatch(dataSource, connection.ProcessID);
        while (applied.Count < runs.Count)
        {
            var alone = runs[applied.Count].Script.NoTransaction;
            var group = runs.Skip(applied.Count).TakeWhile(r => r.Script.NoTransaction == alone).Take(alone ? 1 : int.MaxValue).ToList();
            var before = applied.Count;
            var failure = await watch.WhileAsync(
                () => alone ? noTransaction.RunAsync(group[0], Applied, ct) : TransactionalPipeline.RunAsync(connection, group, policy, Applied, ct),
                group.Min(r => policy.LockTimeoutFor(r.Script).Value),
                ct);
            if (failure is null)
            {
                continue;
            }

            if (applied.Count > before)
            {
                retries = 0;
            }

            var script = group[failure.Run].Script;
            var wait = failure.Statement >= 0 ? watch.SeenFor(script.Statements[failure.Statement].Text) : null;
            var report = new FailureReport(script, failure, policy, command, wait, watch.Problem);
            if (!failure.IsLockConflict || script.NoTransaction || retries >= policy.LockRetries)
            {
                throw report.ToException(retries + 1, applied.Count);
            }

            retries++;
            var pause = policy.Backoff(retries, _jitter);
            Log.Info(report.Retrying(retries + 1, policy.LockRetries + 1, pause));
            await Task.Delay(pause, ct);
        }

        return applied;
    }
}
