using System;

namespace CocktailDb.Ops.Generators.Lint;

/// <summary>The names PostgreSQL gives the lock modes in LOCK TABLE and its manual.</summary>
internal static class LockModeNames
{
    public static string Of(LockMode mode) => mode switch
    {
        LockMode.AccessShare => "ACCESS SHARE",
        LockMode.RowShare => "ROW SHARE",
        LockMode.RowExclusive => "ROW EXCLUSIVE",
        LockMode.ShareUpdateExclusive => "SHARE UPDATE EXCLUSIVE",
        LockMode.Share => "SHARE",
        LockMode.ShareRowExclusive => "SHARE ROW EXCLUSIVE",
        LockMode.Exclusive => "EXCLUSIVE",
        LockMode.AccessExclusive => "ACCESS EXCLUSIVE",
        _ => string.Empty,
    };

    /// <summary>Reads the words of LOCK TABLE ... IN <c>mode</c> MODE, upper case, space separated.</summary>
    public static LockMode Parse(string words)
    {
        foreach (LockMode mode in Enum.GetValues(typeof(LockMode)))
        {
            if (mode != LockMode.None && string.Equals(Of(mode), words, StringComparison.OrdinalIgnoreCase))
            {
                return mode;
            }
        }

        return LockMode.AccessExclusive;
    }
}
