using CocktailDb.Ops.Cli;
using CocktailDb.Ops.Database;
using Npgsql;

namespace CocktailDb.Ops.Analytics;

/// <summary>
/// What a run of the analytics unit records about itself, from the unit's own hooks. Begin runs
/// as ExecCondition= just before the job, whoever started the unit: it checks the unit against
/// <see cref="UnitContract"/>, claims the one refresh slot for as long as systemd can let the run
/// last, and records the snapshot this run covers. End runs as ExecStopPost= once the job has
/// ended, with systemd's verdict in the environment: on success it forgets exactly the covered
/// changes, otherwise it records the failure. Both are keyed by the invocation id systemd gives
/// the run, so a run can only ever mark done what it started after.
/// </summary>
internal sealed class UnitRunHooks(NpgsqlDataSource dataSource, SystemdUnit unit, string invocationId)
{
    /// <summary>The claim, or null with the reason when the slot is taken.</summary>
    public async Task<(long? RunId, string Message)> BeginAsync(CancellationToken ct)
    {
        var contract = UnitContract.Verify(unit.Name, await unit.ShowAsync(UnitContract.Properties, ct));
        await using var connection = await Db.OpenAsync(dataSource, ct);
        var claimedBy = $"{unit.Name} on {Environment.MachineName} (invocation {invocationId})";
        var (runId, heldBy) = await RefreshLedger.TryClaimAsync(connection, claimedBy, contract.ClaimFor, invocationId, ct);
        if (runId is not { } id)
        {
            return (null, $"skipped: {heldBy}; at most one refresh runs at a time");
        }

        var covered = await RefreshLedger.MarkStartedAsync(connection, id, ct);
        return (id, $"refresh {id} covers {covered} unprocessed change{(covered == 1 ? string.Empty : "s")}; the job may start");
    }

    /// <summary>Records how the run ended (nothing when this invocation never claimed a refresh) and says what it did.</summary>
    public async Task<string> EndAsync(SystemdVerdict verdict)
    {
        long? runId = null;
        await RecordOutcome.WithRetriesAsync(dataSource, $"looking up the refresh of invocation {invocationId}", async c => runId = await RefreshLedger.FindByInvocationAsync(c, invocationId, CancellationToken.None));
        if (runId is not { } id)
        {
            return $"invocation {invocationId} claimed no refresh (its start was skipped or failed before the claim); nothing to record";
        }

        if (verdict.Succeeded)
        {
            long forgotten = 0;
            await RecordOutcome.WithRetriesAsync(dataSource, $"recording the result of refresh {id}", async c => forgotten = await RefreshLedger.MarkSucceededAsync(c, id, null, CancellationToken.None));
            return $"refresh {id} succeeded; {forgotten} covered change{(forgotten == 1 ? string.Empty : "s")} marked done";
        }

        var detail = $"{unit.Name} {verdict.Describe()}";
        await RecordOutcome.WithRetriesAsync(dataSource, $"recording the result of refresh {id}", c => RefreshLedger.MarkFailedAsync(c, id, verdict.ExitStatus, detail, CancellationToken.None));
        Log.Error($"refresh {id} failed: {detail}; its changes stay and the refresh is retried after the backoff");
        return $"refresh {id} recorded as failed";
    }
}
