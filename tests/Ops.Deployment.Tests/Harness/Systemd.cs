using System.Globalization;
using System.Text.RegularExpressions;
using CocktailDb.Ops.Tests.Harness;

namespace CocktailDb.Ops.Deployment.Tests.Harness;

/// <summary>systemd-analyze, the tool that reads unit files the way systemd does.</summary>
internal static partial class Systemd
{
    public static Task<ProcessResult> AnalyzeAsync(params string[] arguments) =>
        ProcessRunner.RunAsync("systemd-analyze", arguments, timeout: TimeSpan.FromMinutes(2));

    /// <summary>A time span in systemd's notation ("1min", "80min", "0"), parsed by systemd itself.</summary>
    public static async Task<TimeSpan> TimespanAsync(string value)
    {
        var result = await AnalyzeAsync("timespan", value);
        Assert.True(result.ExitCode == 0, $"systemd does not accept '{value}' as a time span:\n{result}");
        var microseconds = MicrosecondsLine().Match(result.StdOut);
        Assert.True(microseconds.Success, $"no μs line in:\n{result.StdOut}");
        return TimeSpan.FromMicroseconds(long.Parse(microseconds.Groups[1].Value, CultureInfo.InvariantCulture));
    }

    [GeneratedRegex(@"μs:\s*(\d+)")]
    private static partial Regex MicrosecondsLine();
}
