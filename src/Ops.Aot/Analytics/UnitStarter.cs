using Npgsql;

namespace CocktailDb.Ops.Analytics;

/// <summary>
/// Starts the analytics unit without waiting for it. The run itself is recorded by the unit's
/// hooks (`cocktaildb-ops refresh begin|end`), so this check claims nothing: a start that
/// joins a run already in progress, a manual start, or this check being killed cannot make a
/// run look as if it covered changes it never saw. Before starting, the unit is checked against
/// <see cref="UnitContract"/>, and a last run that failed without recording itself (its hooks
/// could not reach the database) is recorded, so it gets the backoff of a failed refresh instead
/// of a new start every tick. A start that systemctl refuses is recorded as a failed refresh, so
/// `status` shows it and retries wait for the backoff.
/// </summary>
internal sealed class UnitStarter(SystemdUnit unit, string checkerName, TimeSpan retryDelay)
{
    private static readonly string[] Properties = [.. UnitContract.Properties, "ActiveState", "Result", "InvocationID"];

    public async Task<TickResult> StartAsync(NpgsqlConnection connection, AnalyticsState state, DebounceDecision decision, CancellationToken ct)
    {
        try
        {
            var current = await unit.ShowAsync(Properties, ct);
            UnitContract.Verify(unit.Name, current);
            var activeState = current.GetValueOrDefault("ActiveState", "unknown");
            if (activeState is "activating" or "active" or "deactivating" or "reloading")
            {
                // Started by someone else (an operator, or a start whose hook has not claimed yet):
                // that run records itself; starting now would only join it.
                return new TickResult("running-elsewhere", state, decision with { Reason = $"{unit.Name} is already {activeState} on this host" });
            }

            if (activeState == "failed" && current.GetValueOrDefault("InvocationID") is { Length: > 0 } last &&
                !await RefreshLedger.HasInvocationAsync(connection, last, ct))
            {
                var detail =
                    $"{unit.Name} run {last} failed (systemd result {current.GetValueOrDefault("Result", "unknown")}) before it could record itself: " +
                    $"its 'refresh begin' or 'refresh end' hook failed; journalctl -u {unit.Name} _SYSTEMD_INVOCATION_ID={last} says why";
                return await FailedAsync(connection, decision, detail, last, ct);
            }

            await unit.StartWithoutWaitingAsync(ct);
        }
        catch (SystemctlException ex)
        {
            return await FailedAsync(connection, decision, ex.Message, null, ct);
        }

        return new TickResult("started", state, decision, Detail: unit.Name);
    }

    private async Task<TickResult> FailedAsync(NpgsqlConnection connection, DebounceDecision decision, string detail, string? invocationId, CancellationToken ct)
    {
        await RefreshLedger.RecordStartFailureAsync(connection, checkerName, detail, ct, invocationId);
        var after = await AnalyticsStateReader.ReadAsync(connection, ct);
        return new TickResult("failed", after, decision, NextRetryAt: DebouncePolicy.RetryAt(after, retryDelay), Detail: detail);
    }
}
