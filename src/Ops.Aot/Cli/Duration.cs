using System.Globalization;
using CocktailDb.Ops.Shared;

namespace CocktailDb.Ops.Cli;

/// <summary>
/// A duration written as operators write them: <c>90s</c>, <c>15m</c>, <c>2h</c>, <c>1h30m</c>,
/// <c>500ms</c>. A bare number is refused: "60" could mean seconds or minutes, and guessing
/// wrong by 60x is how timers end up firing at the wrong time.
/// </summary>
internal readonly record struct Duration(TimeSpan Value)
{
    /// <summary>Parses the value of a command-line option; exit 6 naming the option when it is not a duration.</summary>
    public static TimeSpan ParseOption(string option, string value) =>
        TryParse(value, out var duration)
            ? duration.Value
            : throw OpsException.Configuration($"{option} '{value}' is not a duration; write it like 90s, 15m or 2h (no negative values)");

    /// <summary>The grammar lives in src/Shared/DurationText.cs, so migration headers read durations alike.</summary>
    public static bool TryParse(ReadOnlySpan<char> s, out Duration result)
    {
        var ok = DurationText.TryParse(s.ToString(), out var value);
        result = new Duration(value);
        return ok;
    }

    /// <summary>Short human form: 850ms, 42s, 14m05s, 2h00m.</summary>
    public static string Format(TimeSpan value)
    {
        if (value < TimeSpan.Zero)
        {
            return "-" + Format(-value);
        }

        if (value.TotalSeconds < 1)
        {
            return $"{(int)value.TotalMilliseconds}ms";
        }

        if (value.TotalMinutes < 1)
        {
            return value.TotalSeconds < 10
                ? value.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + "s"
                : $"{(int)value.TotalSeconds}s";
        }

        return value.TotalHours < 1
            ? $"{value.Minutes}m{value.Seconds:00}s"
            : $"{(int)value.TotalHours}h{value.Minutes:00}m";
    }

    public override string ToString() => Format(Value);
}
