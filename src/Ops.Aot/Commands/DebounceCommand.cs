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
    /// the oldest unprocessed change. At most one refresh runs across all hosts; a failed one is
    /// retried after 5 min, doubling up to 1 h. Prints one line: idle, waiting, started, finished
    /// or failed.
    /// Exit codes: 0 ok (idle, waiting or refreshed), 1 the refresh failed, 5 cannot connect,
    /// 6 configuration (bad duration, missing run command, change tracking not installed).
    /// </summary>
    /// <param name="quietPeriod">Quiet time after the last commit, e.g. 15m (default: ANALYTICS_DEBOUNCE_MINUTES, else 15m).</param>
    /// <param name="maxWait">Refresh at the latest this long after the oldest unprocessed change.</param>
    /// <param name="runCommand">Program and arguments that run the job (no shell).</param>
    /// <param name="runTimeout">Kill the job and count it as failed after this long.</param>
    /// <param name="dryRun">Decide and report, but claim and run nothing.</param>
    /// <param name="json">Print the tick as JSON.</param>
    /// <param name="envFile">KEY=VALUE file with DB_* settings (default /opt/cocktaildb/.env when present).</param>
    /// <param name="connection">postgres:// URL or connection string.</param>
    public async Task<int> Debounce(
        string? quietPeriod = null,
        string maxWait = "2h",
        string runCommand = "systemctl start cocktaildb-analytics.service",
        string runTimeout = "70m",
        bool dryRun = false,
        bool json = false,
        string? envFile = null,
        string? connection = null,
        CancellationToken cancellationToken = default)
    {
        var connectionOptions = new ConnectionOptions(envFile, connection);
        var options = new DebounceOptions(
            ResolveQuietPeriod(quietPeriod, connectionOptions),
            ParsePositive("--max-wait", maxWait),
            RunCommand.Parse(runCommand),
            ParsePositive("--run-timeout", runTimeout),
            dryRun);
        if (json)
        {
            Log.ProgressToStandardError();
        }

        await using var dataSource = Db.Create(connectionOptions, "debounce", Log.Warn);
        var checker = $"cocktaildb-ops debounce on {Environment.MachineName} (pid {Environment.ProcessId})";
        var result = await new Debouncer(dataSource, options, checker).TickAsync(cancellationToken);
        if (json)
        {
            DebounceReport.WriteJson(result);
        }
        else
        {
            Log.Info(DebounceReport.Line(result, options));
        }

        return result.Outcome == "failed" ? ExitCodes.Failed : ExitCodes.Ok;
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

    private static TimeSpan ParsePositive(string option, string value)
    {
        var duration = Duration.ParseOption(option, value);
        return duration > TimeSpan.Zero ? duration : throw OpsException.Configuration($"{option} must be longer than zero");
    }
}
