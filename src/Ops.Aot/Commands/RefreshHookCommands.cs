using CocktailDb.Ops.Analytics;
using CocktailDb.Ops.Cli;
using CocktailDb.Ops.Configuration;
using CocktailDb.Ops.Database;

namespace CocktailDb.Ops.Commands;

/// <summary>
/// The analytics unit's hooks, run by systemd itself (infrastructure/systemd/
/// cocktaildb-analytics.service.d/50-cocktaildb-ops.conf), never by hand: every run of the unit,
/// whoever started it, records what it covers and how it ended.
/// </summary>
internal sealed class RefreshHookCommands
{
    /// <summary>ExecCondition= treats exit 1-254 as "skip this run"; 255 fails the unit.</summary>
    private const int Skip = 1;
    private const int FailUnit = 255;

    /// <summary>
    /// ExecCondition= of the analytics unit: claim the one refresh slot for this run
    /// ($INVOCATION_ID) and record the snapshot it covers. Exit codes: 0 run the job, 1 skip it
    /// (another refresh is running), 255 fail the unit (cannot connect, bad configuration).
    /// </summary>
    /// <param name="unit">The unit's name (%n in the unit file), for the record.</param>
    /// <param name="runTimeout">The unit's TimeoutStartSec=: the claim lasts this long plus a margin.</param>
    /// <param name="envFile">KEY=VALUE file with DB_* settings (default /opt/cocktaildb/.env when present).</param>
    /// <param name="connection">postgres:// URL or connection string.</param>
    public async Task<int> Begin(string unit, string runTimeout, string? envFile = null, string? connection = null, CancellationToken cancellationToken = default)
    {
        try
        {
            var timeout = DebounceCommand.ParsePositive("--run-timeout", runTimeout);
            var hooks = Create(unit, envFile, connection, "refresh begin");
            await using var dataSource = hooks.DataSource;
            var (runId, message) = await hooks.Hooks.BeginAsync(timeout, cancellationToken);
            Log.Info(message);
            return runId is null ? Skip : ExitCodes.Ok;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.Error($"{Describe(ex)}; failing the unit so that the job does not run unrecorded");
            return FailUnit;
        }
    }

    /// <summary>
    /// ExecStopPost= of the analytics unit: record how this run ($INVOCATION_ID) ended, from
    /// $SERVICE_RESULT, $EXIT_CODE and $EXIT_STATUS. Only a job that exited with status 0 marks
    /// the changes it covered as done. Exit codes: 0 recorded (or nothing to record), 1 failed.
    /// </summary>
    /// <param name="unit">The unit's name (%n in the unit file), for the record.</param>
    /// <param name="envFile">KEY=VALUE file with DB_* settings (default /opt/cocktaildb/.env when present).</param>
    /// <param name="connection">postgres:// URL or connection string.</param>
    public async Task<int> End(string unit, string? envFile = null, string? connection = null)
    {
        var hooks = Create(unit, envFile, connection, "refresh end");
        await using var dataSource = hooks.DataSource;
        Log.Info(await hooks.Hooks.EndAsync(SystemdVerdict.FromEnvironment()));
        return ExitCodes.Ok;
    }

    private static (Npgsql.NpgsqlDataSource DataSource, UnitRunHooks Hooks) Create(string unit, string? envFile, string? connection, string command)
    {
        var name = DebounceCommand.ParseUnit(unit);
        var invocation = Environment.GetEnvironmentVariable("INVOCATION_ID") is { Length: > 0 } id
            ? id
            : throw OpsException.Configuration($"INVOCATION_ID is not set: '{command}' is run by systemd as a hook of {name}, not by hand");
        var dataSource = Db.Create(new ConnectionOptions(envFile, connection), command, Log.Warn);
        return (dataSource, new UnitRunHooks(dataSource, name, invocation));
    }

    private static string Describe(Exception ex) => ex is OpsException ? ex.Message : $"{ex.GetType().Name}: {ex.Message}";
}
