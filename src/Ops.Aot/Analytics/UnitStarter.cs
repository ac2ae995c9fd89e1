using Npgsql;

namespace CocktailDb.Ops.Analytics;

/// <summary>
/// Starts the analytics unit without waiting for it. The run itself is recorded by the unit's
/// hooks (`cocktaildb-ops refresh begin|end`), so this check claims nothing: a start that
/// joins a run already in progress, a manual start, or this check being killed cannot make a
/// run look as if it covered changes it never saw. A start that systemctl refuses is recorded
/// as a failed refresh, so `status` shows it and retries wait for the backoff.
/// </summary>
internal sealed class UnitStarter(SystemdUnit unit, string checkerName, TimeSpan retryDelay)
{
    public async Task<TickResult> StartAsync(NpgsqlConnection connection, AnalyticsState state, DebounceDecision decision, CancellationToken ct)
    {
        try
        {
            var current = await unit.ShowAsync(ct);
            if (current.LoadState != "loaded")
            {
                throw new SystemctlException($"{unit.Name} is {current.LoadState} on this host (systemctl show LoadState); install the analytics unit, or name it with --unit");
            }

            if (!current.HasHooks)
            {
                throw new SystemctlException(
                    $"{unit.Name} has no 'cocktaildb-ops refresh begin' ExecCondition=, so its runs would record nothing and changes would never be marked done; " +
                    "install infrastructure/systemd/cocktaildb-analytics.service.d/50-cocktaildb-ops.conf (the playbook does) and run systemctl daemon-reload");
            }

            if (current.IsRunning)
            {
                // Started by someone else (an operator, or a start whose hook has not claimed yet):
                // that run records itself; starting now would only join it.
                return new TickResult("running-elsewhere", state, decision with { Reason = $"{unit.Name} is already {current.ActiveState} on this host" });
            }

            await unit.StartWithoutWaitingAsync(ct);
        }
        catch (SystemctlException ex)
        {
            await RefreshLedger.RecordStartFailureAsync(connection, checkerName, ex.Message, ct);
            var after = await AnalyticsStateReader.ReadAsync(connection, ct);
            return new TickResult("failed", after, decision, NextRetryAt: DebouncePolicy.RetryAt(after, retryDelay), Detail: ex.Message);
        }

        return new TickResult("started", state, decision, Detail: unit.Name);
    }
}
