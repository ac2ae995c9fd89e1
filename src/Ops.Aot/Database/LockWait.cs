using System.Globalization;

namespace CocktailDb.Ops.Database;

/// <summary>One session that holds what another waits for (pg_blocking_pids + pg_stat_activity).</summary>
/// <param name="Application">application_name; empty when the session set none.</param>
/// <param name="Address">Client address, "local socket", or null when this user may not see it.</param>
/// <param name="State">active, idle in transaction, ...; null when this user may not see it.</param>
/// <param name="HeldModes">The modes it holds on the contested object, e.g. "AccessShareLock".</param>
internal sealed record LockHolder(int Pid, string Application, string? Address, string? State, DateTime? TransactionStart, DateTime? QueryStart, string? HeldModes)
{
    public override string ToString()
    {
        var parts = new List<string> { $"'{Application}' from {Address ?? "an address hidden from this user (grant it pg_read_all_stats)"}" };
        if (State is { Length: > 0 })
        {
            parts.Add(State);
        }

        if (TransactionStart is { } xact)
        {
            parts.Add("transaction started " + Format(xact));
        }

        if (QueryStart is { } query)
        {
            parts.Add("last query started " + Format(query));
        }

        if (HeldModes is { Length: > 0 })
        {
            parts.Add("holding " + HeldModes);
        }

        return $"pid {Pid} ({string.Join(", ", parts)})";
    }

    private static string Format(DateTime value) =>
        value.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}

/// <summary>What a session was seen waiting for, and who held it.</summary>
/// <param name="Query">The statement that waited, as pg_stat_activity showed it.</param>
/// <param name="Wanted">The lock, e.g. "AccessExclusiveLock on accounts" or "ShareLock on a transaction".</param>
internal sealed record LockWait(string Query, string Wanted, IReadOnlyList<LockHolder> Holders)
{
    public string DescribeHolders() =>
        Holders.Count == 0 ? "a session that let go before it could be looked up" : string.Join("; ", Holders);
}
