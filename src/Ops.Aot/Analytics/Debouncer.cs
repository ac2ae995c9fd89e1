using System.Diagnostics;
using CocktailDb.Ops.Database;
using Npgsql;

namespace CocktailDb.Ops.Analytics;

/// <summary>
/// One tick of the analytics refresh debounce, run every minute by a systemd timer:
/// read the state (one query), decide, and when a refresh is due claim it, record the snapshot
/// it covers, run the job, and record the outcome. No connection is held while the job runs:
/// the claim is a committed row, and the result is written on a fresh connection.
/// </summary>
internal sealed class Debouncer(NpgsqlDataSource dataSource, DebounceOptions options, string checkerName)
{
    public async Task<TickResult> TickAsync(CancellationToken ct)
    {
        long runId;
        AnalyticsState state;
        DebounceDecision decision;
        await using (var connection = await Db.OpenAsync(dataSource, ct))
        {
            state = await AnalyticsStateReader.ReadAsync(connection, ct);
            if (state.UnseenChanges > 0 && !options.DryRun)
            {
                await AnalyticsStateReader.MarkSeenAsync(connection, ct);
            }

            decision = DebouncePolicy.Decide(state, options.QuietPeriod, options.MaxWait);
            if (decision.Action != DebounceAction.Due)
            {
                return new TickResult(Outcome(decision.Action), state, decision);
            }

            if (options.DryRun)
            {
                return new TickResult("would-start", state, decision);
            }

            var claim = await RefreshLedger.TryClaimAsync(connection, checkerName, options.RunTimeout + options.ClaimMargin, ct);
            if (claim is not { } claimed)
            {
                return new TickResult("running-elsewhere", state, decision with { Reason = "another checker claimed the refresh first" });
            }

            runId = claimed;

            // Between our first read and the claim another checker may have finished a refresh
            // that covered these changes: decide again on fresh state before starting anything.
            state = await AnalyticsStateReader.ReadAsync(connection, ct);
            var again = DebouncePolicy.Decide(state with { Running = null }, options.QuietPeriod, options.MaxWait);
            if (again.Action != DebounceAction.Due)
            {
                await RefreshLedger.ReleaseUnusedAsync(connection, runId, ct);
                return new TickResult(Outcome(again.Action), state, again);
            }

            await RefreshLedger.MarkStartedAsync(connection, runId, ct);
        }

        Cli.Log.Info($"started refresh {runId} ({state.PendingChanges} changes, {decision.Reason} reached): {options.RunCommand.Text}");
        var clock = Stopwatch.StartNew();
        int? exitCode;
        try
        {
            exitCode = await options.RunCommand.RunAsync(options.RunTimeout, ct);
        }
        catch (OperationCanceledException)
        {
            await RecordAsync(runId, succeeded: false, null, "interrupted: the checker was stopped while the job ran", CancellationToken.None);
            throw;
        }

        var elapsed = clock.Elapsed;
        if (exitCode == 0)
        {
            await RecordAsync(runId, succeeded: true, 0, null, ct);
            return new TickResult("finished", state, decision, runId, elapsed, 0);
        }

        var detail = exitCode is { } code
            ? $"'{options.RunCommand.Text}' exited with code {code}"
            : $"'{options.RunCommand.Text}' ran longer than {Cli.Duration.Format(options.RunTimeout)} and was killed";
        await RecordAsync(runId, succeeded: false, exitCode, detail, ct);
        var after = await ReadStateAsync(ct);
        return new TickResult("failed", after, decision, runId, elapsed, exitCode, DebouncePolicy.RetryAt(after), detail);
    }

    /// <summary>Writes the outcome on a new connection (the job may have run for an hour), retrying a few times.</summary>
    private async Task RecordAsync(long runId, bool succeeded, int? exitCode, string? detail, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var connection = await Db.OpenAsync(dataSource, ct);
                if (succeeded)
                {
                    await RefreshLedger.MarkSucceededAsync(connection, runId, ct);
                }
                else
                {
                    await RefreshLedger.MarkFailedAsync(connection, runId, exitCode, detail!, ct);
                }

                return;
            }
            catch (Exception ex) when (attempt < 4 && ex is Cli.OpsException or NpgsqlException)
            {
                Cli.Log.Warn($"recording the result of refresh {runId} failed ({ex.Message}); retrying");
                await Task.Delay(TimeSpan.FromSeconds(5 * attempt), ct);
            }
        }
    }

    private async Task<AnalyticsState> ReadStateAsync(CancellationToken ct)
    {
        await using var connection = await Db.OpenAsync(dataSource, ct);
        return await AnalyticsStateReader.ReadAsync(connection, ct);
    }

    private static string Outcome(DebounceAction action) => action switch
    {
        DebounceAction.Idle => "idle",
        DebounceAction.Waiting => "waiting",
        DebounceAction.BackingOff => "backing-off",
        DebounceAction.RunningElsewhere => "running-elsewhere",
        _ => "due",
    };
}
