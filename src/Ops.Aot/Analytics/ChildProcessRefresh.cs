using System.Diagnostics;
using CocktailDb.Ops.Cli;
using CocktailDb.Ops.Database;
using Npgsql;

namespace CocktailDb.Ops.Analytics;

/// <summary>
/// A refresh this check runs itself, for hosts without systemd (--run-command): claim it,
/// decide again on fresh state, record the snapshot it covers, run the job as a child process
/// and record the outcome. The job is this process's own child, so what it covers is exactly
/// what the run that started after the snapshot saw. No connection is held while the job runs:
/// the claim is a committed row, and the result is written on a fresh connection. Like a run
/// under systemd (INVOCATION_ID) the run gets an id of its own, in the run's row and in the job's
/// environment as COCKTAILDB_REFRESH_INVOCATION (with COCKTAILDB_REFRESH, the run's number), so
/// the job's own log can say which refresh it ran for.
/// </summary>
internal sealed class ChildProcessRefresh(NpgsqlDataSource dataSource, DebounceOptions options, string checkerName)
{
    public async Task<TickResult> RunAsync(AnalyticsState state, DebounceDecision decision, CancellationToken ct)
    {
        var command = options.RunCommand!;
        var invocation = Guid.NewGuid().ToString("N");
        long runId;
        await using (var connection = await Db.OpenAsync(dataSource, ct))
        {
            var (claim, heldBy) = await RefreshLedger.TryClaimAsync(connection, checkerName, options.RunTimeout + options.ClaimMargin, invocation, ct);
            if (claim is not { } claimed)
            {
                return new TickResult("running-elsewhere", state, decision with { Reason = heldBy ?? "another checker claimed the refresh first" });
            }

            runId = claimed;

            // Between our first read and the claim another checker may have finished a refresh
            // that covered these changes: decide again on fresh state before starting anything.
            state = await AnalyticsStateReader.ReadAsync(connection, ct);
            var again = DebouncePolicy.Decide(state with { Running = null }, options.QuietPeriod, options.MaxWait, options.RetryDelay);
            if (again.Action != DebounceAction.Due)
            {
                await RefreshLedger.ReleaseUnusedAsync(connection, runId, ct);
                return new TickResult(Debouncer.Outcome(again.Action), state, again);
            }

            await RefreshLedger.MarkStartedAsync(connection, runId, ct);
        }

        Log.Info($"started refresh {runId} ({state.PendingChanges} changes, {decision.Reason} reached): {command.Text}");
        var clock = Stopwatch.StartNew();
        int? exitCode;
        try
        {
            var environment = new Dictionary<string, string>
            {
                ["COCKTAILDB_REFRESH"] = runId.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["COCKTAILDB_REFRESH_INVOCATION"] = invocation,
            };
            exitCode = await command.RunAsync(options.RunTimeout, environment, ct);
        }
        catch (OperationCanceledException)
        {
            // SIGTERM or Ctrl+C: the job has been killed; record that before exiting (the
            // shutdown grace period in Program.cs leaves time for the retries).
            await RecordOutcome.WithRetriesAsync(dataSource, $"recording the result of refresh {runId}", c => RefreshLedger.MarkFailedAsync(c, runId, null, "interrupted: the check was stopped while the job ran, and the job was killed", CancellationToken.None));
            throw;
        }

        var elapsed = clock.Elapsed;
        if (exitCode == 0)
        {
            await RecordOutcome.WithRetriesAsync(dataSource, $"recording the result of refresh {runId}", c => RefreshLedger.MarkSucceededAsync(c, runId, null, ct));
            return new TickResult("finished", state, decision, runId, elapsed, 0);
        }

        var detail = exitCode is { } code
            ? $"the job ('{command.Text}') exited with status {code}"
            : $"the job ('{command.Text}') ran longer than {Duration.Format(options.RunTimeout)} and was killed";
        await RecordOutcome.WithRetriesAsync(dataSource, $"recording the result of refresh {runId}", c => RefreshLedger.MarkFailedAsync(c, runId, exitCode, detail, ct));
        await using var fresh = await Db.OpenAsync(dataSource, ct);
        var after = await AnalyticsStateReader.ReadAsync(fresh, ct);
        return new TickResult("failed", after, decision, runId, elapsed, exitCode, DebouncePolicy.RetryAt(after, options.RetryDelay), detail);
    }
}
