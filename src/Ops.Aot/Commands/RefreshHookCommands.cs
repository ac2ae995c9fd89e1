using CocktailDb.Ops.Analytics;
using CocktailDb.Ops.Cli;
using CocktailDb.Ops.Configuration;
using CocktailDb.Ops.Database;

namespace CocktailDb.Ops.Commands;

/// <summary>
/// The analytics unit's hooks, run by systemd itself (infrastructure/systemd/
/// cocktaildb-analytics.service.d/50-cocktaildb-ops.conf), never by hand: every run of the unit,
/// whoever started it, records what it covers and how it ended. Both read the database settings
/// from the env file by Docker Compose's rules, whatever the unit's EnvironmentFile= put in their
/// environment: systemd reads such a file by its own rules ('$$' stays '$$'), so DB_* values
/// from there may be mangled.
/// </summary>
internal sealed class RefreshHookCommands
{
    /// <summary>ExecCondition= treats exit 1-254 as "skip this run"; 255 fails the unit.</summary>
    private const int Skip = 1;
    private const int FailUnit = 255;

    /// <summary>
    /// ExecCondition= of the analytics unit: check the unit's settings, claim the one refresh slot
    /// for this run ($INVOCATION_ID) and record the snapshot it covers. Exit codes: 0 run the job,
    /// 1 skip it (another refresh, or an ended one's database work, holds the slot), 255 fail the
    /// unit (any error: cannot connect, bad configuration, a unit setting the refresh relies on).
    /// </summary>
    /// <param name="unit">The unit's name (%n in the unit file).</param>
    /// <param name="envFile">KEY=VALUE file with DB_* settings (default /opt/cocktaildb/.env when present).</param>
    /// <param name="connection">postgres:// URL or connection string.</param>
    public async Task<int> Begin(string unit, string? envFile = null, string? connection = null, CancellationToken cancellationToken = default)
    {
        try
        {
            var (dataSource, hooks) = Create(unit, envFile, connection, "refresh begin");
            await using (dataSource)
            {
                var (runId, message) = await hooks.BeginAsync(cancellationToken);
                Log.Info(message);
                return runId is null ? Skip : ExitCodes.Ok;
            }
        }
        catch (Exception ex)
        {
            Log.Error($"{Describe(ex)}; failing the unit so that the job does not run unrecorded");
            return FailUnit;
        }
    }

    /// <summary>
    /// ExecStopPost= of the analytics unit: record how this run ($INVOCATION_ID) ended, from
    /// $SERVICE_RESULT, $EXIT_CODE and $EXIT_STATUS and whether a stop was requested. Only a job
    /// that exited with status 0 by itself marks the changes it covered as done. Exit codes: 0
    /// recorded (or nothing to record), 1 failed.
    /// </summary>
    /// <param name="unit">The unit's name (%n in the unit file).</param>
    /// <param name="envFile">KEY=VALUE file with DB_* settings (default /opt/cocktaildb/.env when present).</param>
    /// <param name="connection">postgres:// URL or connection string.</param>
    public async Task<int> End(string unit, string? envFile = null, string? connection = null)
    {
        var (dataSource, hooks) = Create(unit, envFile, connection, "refresh end");
        await using (dataSource)
        {
            var verdict = await SystemdVerdict.ReadAsync(new SystemdUnit(DebounceCommand.ParseUnit(unit)), CancellationToken.None);
            Log.Info(await hooks.EndAsync(verdict));
            return ExitCodes.Ok;
        }
    }

    /// <summary>
    /// What systemd must see from 'refresh begin': anything but 0 (run) or 1 (skip) is 255, which
    /// fails the unit. Exit 2, say, would read as "skip this run": a mistyped option in a drop-in
    /// would turn every refresh off without a trace.
    /// </summary>
    public static int ConditionExitCode(string[] args, int exitCode) =>
        args is ["refresh", "begin", ..] && !args.Contains("--help") && !args.Contains("-h") && exitCode is not (ExitCodes.Ok or Skip)
            ? FailUnit
            : exitCode;

    private static (Npgsql.NpgsqlDataSource DataSource, UnitRunHooks Hooks) Create(string unit, string? envFile, string? connection, string command)
    {
        var name = DebounceCommand.ParseUnit(unit);
        var invocation = Environment.GetEnvironmentVariable("INVOCATION_ID") is { Length: > 0 } id
            ? id
            : throw OpsException.Configuration($"INVOCATION_ID is not set: '{command}' is run by systemd as a hook of {name}, not by hand");
        var dataSource = Db.Create(new ConnectionOptions(envFile, connection, FileFirst: true), command, Log.Warn);
        return (dataSource, new UnitRunHooks(dataSource, new SystemdUnit(name), invocation));
    }

    private static string Describe(Exception ex) => ex is OpsException or SystemctlException ? ex.Message : $"{ex.GetType().Name}: {ex.Message}";
}
