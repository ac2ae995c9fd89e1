using System.Globalization;
using CocktailDb.Ops.Analytics;
using CocktailDb.Ops.Cli;
using CocktailDb.Ops.Configuration;
using CocktailDb.Ops.Database;

namespace CocktailDb.Ops.Commands;

/// <summary>The analytics refresh debounce, run every minute by cocktaildb-analytics-debounce.timer.</summary>
internal sealed class DebounceCommand
{
    public static readonly TimeSpan DefaultMaxWait = TimeSpan.FromHours(2);

    /// <summary>
    /// One tick: start the analytics refresh once edits have been quiet for the quiet period
    /// (counted from the last commit, on the database clock), or at the latest the max wait after
    /// the oldest unprocessed change. The refresh is the systemd unit --unit, started without
    /// waiting: the unit's own hooks ('refresh begin' and 'refresh end') record what each run
    /// covers and how it ended, so only a run that started after a change can mark it done. On a
    /// host without systemd, --run-command runs the job as this check's child instead. At most
    /// one refresh runs across all hosts; a failed one is retried after
    /// --retry-delay (5 min), doubling per consecutive failure up to 12 times that (1 h).
    /// Prints one line: idle, waiting, started, finished or failed.
    /// Exit codes: 0 ok (idle, waiting, started or finished), 1 the refresh could not be started
    /// or failed, 5 cannot connect, 6 configuration (bad duration, bad run command, change
    /// tracking not installed).
    /// </summary>
    /// <param name="quietPeriod">Quiet time after the last commit, e.g. 15m (default: ANALYTICS_DEBOUNCE_MINUTES, else 15m).</param>
    /// <param name="maxWait">Refresh at the latest this long after the oldest unprocessed change.</param>
    /// <param name="unit">The systemd unit that runs the job, started with systemctl start --no-block.</param>
    /// <param name="runCommand">Instead of --unit: a program and arguments (no shell) this check runs and waits for.</param>
    /// <param name="runTimeout">With --run-command: kill the job and count it as failed after this long.</param>
    /// <param name="retryDelay">The wait after a failed refresh before the next try; consecutive failures double it.</param>
    /// <param name="dryRun">Decide and report, but claim and start nothing.</param>
    /// <param name="json">Print the tick as JSON.</param>
    /// <param name="envFile">KEY=VALUE file with DB_* settings (default /opt/cocktaildb/.env when present).</param>
    /// <param name="connection">postgres:// URL or connection string.</param>
    public async Task<int> Debounce(
        string? quietPeriod = null,
        string maxWait = "2h",
        string unit = "cocktaildb-analytics.service",
        string? runCommand = null,
        string runTimeout = "70m",
        string retryDelay = "5m",
        bool dryRun = false,
        bool json = false,
        string? envFile = null,
        string? connection = null,
        CancellationToken cancellationToken = default)
    {
        var connectionOptions = new ConnectionOptions(envFile, connection);
        var command = runCommand is null ? null : RunCommand.Parse(runCommand);
        var options = new DebounceOptions(
            ResolveQuietPeriod(quietPeriod, connectionOptions),
            ParsePositive("--max-wait", maxWait),
            command is null ? ParseUnit(unit) : null,
            command,
            ParsePositive("--run-timeout", runTimeout),
            ParsePositive("--retry-delay", retryDelay),
            dryRun);
        if (json)
        {
            Log.ProgressToStandardError();
        }

        await using var dataSource = Db.Create(connectionOptions, "debounce", Log.Warn);
        var checker = $"cocktaildb-ops debounce on {Environment.MachineName} (pid {Environment.ProcessId})";
        var result = await new Debouncer(dataSource, options, checker).TickAsync(cancellationToken);
        var failed = result.Outcome == "failed";
        if (json)
        {
            DebounceReport.WriteJson(result);
        }
        else if (failed)
        {
            Log.Error(DebounceReport.Line(result, options));
        }
        else
        {
            Log.Info(DebounceReport.Line(result, options));
        }

        return failed ? ExitCodes.Failed : ExitCodes.Ok;
    }

    /// <summary>--quiet-period wins; else ANALYTICS_DEBOUNCE_MINUTES (whole minutes, as the old script read it); else 15m.</summary>
    internal static TimeSpan ResolveQuietPeriod(string? option, ConnectionOptions connectionOptions)
    {
        if (option is not null)
        {
            return Duration.ParseOption("--quiet-period", option);
        }

        var minutes = DatabaseSettings.Lookup("ANALYTICS_DEBOUNCE_MINUTES", connectionOptions, Log.Warn);
        if (minutes is null)
        {
            return TimeSpan.FromMinutes(15);
        }

        return int.TryParse(minutes, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? TimeSpan.FromMinutes(value)
            : throw OpsException.Configuration($"ANALYTICS_DEBOUNCE_MINUTES must be a whole number of minutes (0 or more), got '{minutes}'");
    }

    internal static TimeSpan ParsePositive(string option, string value)
    {
        var duration = Duration.ParseOption(option, value);
        return duration > TimeSpan.Zero ? duration : throw OpsException.Configuration($"{option} must be longer than zero");
    }

    /// <summary>A unit name as systemctl takes it: no path, no option, no whitespace.</summary>
    internal static string ParseUnit(string unit) =>
        unit.Length > 0 && !unit.StartsWith('-') && unit.IndexOfAny([' ', '\t', '/']) < 0 && unit.Contains('.')
            ? unit
            : throw OpsException.Configuration($"--unit '{unit}' is not a systemd unit name; write it like cocktaildb-analytics.service");
}
