using System.Globalization;

namespace CocktailDb.Ops.Analytics;

/// <summary>
/// A time span as `systemctl show` prints one: "1h 10min", "1min 30.500000s", "90s", "100ms",
/// or "infinity" (returned as null). systemd.time(7) has the units.
/// </summary>
internal static class SystemdTimeSpan
{
    private static readonly (string Unit, double Seconds)[] Units =
    [
        ("usec", 1e-6), ("us", 1e-6), ("μs", 1e-6),
        ("msec", 1e-3), ("ms", 1e-3),
        ("seconds", 1), ("second", 1), ("sec", 1), ("s", 1),
        ("minutes", 60), ("minute", 60), ("min", 60), ("m", 60),
        ("hours", 3600), ("hour", 3600), ("hr", 3600), ("h", 3600),
        ("days", 86400), ("day", 86400), ("d", 86400),
        ("weeks", 604800), ("week", 604800), ("w", 604800),
        ("months", 2629800), ("month", 2629800), ("M", 2629800),
        ("years", 31557600), ("year", 31557600), ("y", 31557600),
    ];

    /// <summary>False when <paramref name="text"/> is not a time span; <paramref name="value"/> null for "infinity".</summary>
    public static bool TryParse(string text, out TimeSpan? value)
    {
        value = null;
        var trimmed = text.Trim();
        if (trimmed == "infinity")
        {
            return true;
        }

        double total = 0;
        var parts = trimmed.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0)
        {
            return false;
        }

        foreach (var part in parts)
        {
            var split = 0;
            while (split < part.Length && (char.IsAsciiDigit(part[split]) || part[split] == '.'))
            {
                split++;
            }

            if (split == 0 || !double.TryParse(part.AsSpan(0, split), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
            {
                return false;
            }

            var unit = part[split..];
            var seconds = unit.Length == 0 ? 1 : Units.FirstOrDefault(u => u.Unit == unit).Seconds;
            if (seconds == 0)
            {
                return false;
            }

            total += number * seconds;
        }

        value = TimeSpan.FromTicks((long)Math.Round(total * TimeSpan.TicksPerSecond));
        return true;
    }
}
