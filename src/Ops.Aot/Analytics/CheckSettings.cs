using CocktailDb.Ops.Cli;
using CocktailDb.Ops.Commands;
using CocktailDb.Ops.Configuration;

namespace CocktailDb.Ops.Analytics;

/// <summary>
/// The quiet period, max wait and retry delay the debounce check on this host decides with: the
/// options of the ExecStart= systemd runs (the shipped unit and any drop-in), and
/// ANALYTICS_DEBOUNCE_MINUTES from the env file it reads. `status` uses them, so that its "next
/// eligible" is what the check will actually do, not what the defaults would.
/// </summary>
/// <param name="Source">Where the values come from, in words.</param>
internal sealed record CheckSettings(TimeSpan QuietPeriod, TimeSpan MaxWait, TimeSpan RetryDelay, string Source)
{
    public const string CheckUnit = "cocktaildb-analytics-debounce.service";

    /// <summary>The check's settings on this host; the defaults (and why) when there is no check to ask.</summary>
    public static async Task<CheckSettings> ReadAsync(ConnectionOptions statusOptions, CancellationToken ct)
    {
        string[] arguments;
        try
        {
            var show = await new SystemdUnit(CheckUnit).ShowAsync(["LoadState", "ExecStart"], ct);
            if (show.GetValueOrDefault("LoadState") != "loaded" || Argv(show.GetValueOrDefault("ExecStart", string.Empty)) is not { } argv)
            {
                return Defaults(statusOptions, $"the defaults: {CheckUnit} is not installed on this host");
            }

            arguments = argv;
        }
        catch (SystemctlException ex)
        {
            return Defaults(statusOptions, $"the defaults: systemd could not be asked about {CheckUnit} ({ex.Message.Split(';')[0]})");
        }

        string? Option(string name) => Array.IndexOf(arguments, name) is var i and >= 0 && i + 1 < arguments.Length ? arguments[i + 1] : null;
        try
        {
            var envFile = Option("--env-file");
            return new CheckSettings(
                DebounceCommand.ResolveQuietPeriod(Option("--quiet-period"), new ConnectionOptions(envFile, null)),
                Option("--max-wait") is { } maxWait ? Duration.ParseOption("--max-wait", maxWait) : DebounceCommand.DefaultMaxWait,
                Option("--retry-delay") is { } retryDelay ? Duration.ParseOption("--retry-delay", retryDelay) : DebouncePolicy.DefaultRetryDelay,
                $"as {CheckUnit} runs the check");
        }
        catch (OpsException ex)
        {
            return Defaults(statusOptions, $"the defaults: the options of {CheckUnit} could not be read ({ex.Message})");
        }
    }

    /// <summary>
    /// The program's arguments from `systemctl show -p ExecStart`: "{ path=... ; argv[]=a b c ;
    /// ignore_errors=no ; ... }". systemd prints them space-separated; the check's options hold no spaces.
    /// </summary>
    private static string[]? Argv(string execStart)
    {
        const string Marker = "argv[]=";
        var start = execStart.IndexOf(Marker, StringComparison.Ordinal);
        var end = start < 0 ? -1 : execStart.IndexOf(" ;", start, StringComparison.Ordinal);
        return end < 0 ? null : execStart[(start + Marker.Length)..end].Split(' ', StringSplitOptions.RemoveEmptyEntries);
    }

    private static CheckSettings Defaults(ConnectionOptions statusOptions, string source)
    {
        TimeSpan quiet;
        try
        {
            quiet = DebounceCommand.ResolveQuietPeriod(null, statusOptions);
        }
        catch (OpsException)
        {
            quiet = TimeSpan.FromMinutes(15);
        }

        return new CheckSettings(quiet, DebounceCommand.DefaultMaxWait, DebouncePolicy.DefaultRetryDelay, source);
    }
}

/// <summary>The analytics part of `status`: the state, what the check would decide on it, and with which settings.</summary>
internal sealed record AnalyticsSection(AnalyticsState State, DebounceDecision Decision, CheckSettings Check);
