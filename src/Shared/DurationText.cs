// Compiled into both the generator (migration headers, at build time) and the CLI (duration
// options, at run time): '-- cocktaildb:lock-timeout 30s' and '--ddl-lock-timeout 30s' must
// accept exactly the same text. Keep it free of anything netstandard2.0 lacks.
using System;
using System.Globalization;

namespace CocktailDb.Ops.Shared;

/// <summary>
/// A duration written as operators write them: <c>90s</c>, <c>15m</c>, <c>2h</c>, <c>1h30m</c>,
/// <c>500ms</c>, <c>1.5h</c>. A bare number is refused: "60" could mean seconds or minutes, and
/// guessing wrong by 60x is how timers end up firing at the wrong time. No negative values.
/// </summary>
internal static class DurationText
{
    public static bool TryParse(string? text, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        var s = (text ?? string.Empty).Trim();
        if (s.Length == 0)
        {
            return false;
        }

        var total = TimeSpan.Zero;
        var at = 0;
        while (at < s.Length)
        {
            var digitsEnd = at;
            while (digitsEnd < s.Length && (IsDigit(s[digitsEnd]) || s[digitsEnd] == '.'))
            {
                digitsEnd++;
            }

            var unitEnd = digitsEnd;
            while (unitEnd < s.Length && IsLetter(s[unitEnd]))
            {
                unitEnd++;
            }

            if (digitsEnd == at || unitEnd == digitsEnd
                || !double.TryParse(s.Substring(at, digitsEnd - at), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount))
            {
                return false;
            }

            TimeSpan part;
            switch (s.Substring(digitsEnd, unitEnd - digitsEnd))
            {
                case "ms":
                    part = TimeSpan.FromMilliseconds(amount);
                    break;
                case "s":
                    part = TimeSpan.FromSeconds(amount);
                    break;
                case "m":
                case "min":
                    part = TimeSpan.FromMinutes(amount);
                    break;
                case "h":
                    part = TimeSpan.FromHours(amount);
                    break;
                case "d":
                    part = TimeSpan.FromDays(amount);
                    break;
                default:
                    return false;
            }

            total += part;
            at = unitEnd;
        }

        value = total;
        return true;
    }

    private static bool IsDigit(char c) => c >= '0' && c <= '9';

    private static bool IsLetter(char c) => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
