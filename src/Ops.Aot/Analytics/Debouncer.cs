using CocktailDb.Ops.Database;
using Npgsql;

namespace CocktailDb.Ops.Analytics;

/// <summary>
/// One tick of the analytics refresh debounce, run every minute by a systemd timer: read the
/// state (one query), decide, and when a refresh is due start it - as a systemd unit that
/// records its own run (<see cref="UnitStarter"/>), or as a child process this check runs and
/// records (<see cref="ChildProcessRefresh"/>).
/// </summary>
internal sealed class Debouncer(NpgsqlDataSource dataSource, DebounceOptions options, string checkerName)
{
    public async Task<TickResult> TickAsync(CancellationToken ct)
    {
        AnalyticsState state;
        DebounceDecision decision;
        await using (var connection = await Db.OpenAsync(dataSource, ct))
        {
            state = await AnalyticsStateReader.ReadAsync(connection, ct);
            if (state.UnseenChanges > 0 && !options.DryRun)
            {
                await AnalyticsStateReader.MarkSeenAsync(connection, ct);
            }

            decision = DebouncePolicy.Decide(state, options.QuietPeriod, options.MaxWait, options.RetryDelay);
            if (decision.Action != DebounceAction.Due)
            {
                return new TickResult(Outcome(decision.Action), state, decision);
            }

            if (options.DryRun)
            {
                return new TickResult("would-start", state, decision);
            }

            if (options.Unit is { } unit)
            {
                return await new UnitStarter(new SystemdUnit(unit), checkerName, options.RetryDelay).StartAsync(connection, state, decision, ct);
            }
        }

        return await new ChildProcessRefresh(dataSource, options, checkerName).RunAsync(state, decision, ct);
    }

    public static string Outcome(DebounceAction action) => action switch
    {
        DebounceAction.Idle => "idle",
        DebounceAction.Waiting => "waiting",
        DebounceAction.BackingOff => "backing-off",
        DebounceAction.RunningElsewhere => "running-elsewhere",
        _ => "due",
    };
}
