using CocktailDb.Ops.Cli;
using CocktailDb.Ops.Migrations.Manifest;
using CocktailDb.Ops.Shared;

namespace CocktailDb.Ops.Migrations;

/// <summary>
/// The comparison of the embedded manifest with the ledger: what is applied, pending,
/// drifted or unknown, and what may be applied. Pure: no database access, so every rule is
/// easy to read in one place.
/// </summary>
internal sealed class MigrationPlan
{
    private MigrationPlan(List<MigrationState> states) => States = states;

    /// <summary>Every migration the binary or the database knows, by version then file name.</summary>
    public IReadOnlyList<MigrationState> States { get; }

    public IEnumerable<MigrationState> Pending => States.Where(s => s.Status == MigrationStatus.Pending);

    public IEnumerable<MigrationState> Drifted => States.Where(s => s.Status == MigrationStatus.Drifted);

    public IEnumerable<MigrationState> Unknown => States.Where(s => s.Status == MigrationStatus.Unknown);

    /// <summary>
    /// The pending migrations up to <paramref name="target"/>, in order, once nothing stands in
    /// their way: no applied file changed, nothing unknown applied (unless allowed), no pending
    /// transactional file that controls transactions itself.
    /// </summary>
    /// <exception cref="OpsException">Exit 3 on drift or unknown migrations; exit 1 on transaction control.</exception>
    public List<MigrationScript> ToApply(long? target, bool allowUnknown)
    {
        var drifted = Drifted.ToList();
        if (drifted.Count > 0)
        {
            throw new OpsException(
                ExitCodes.Drift,
                "applied migrations no longer match their files, so nothing was applied:\n" +
                string.Join("\n", drifted.Select(s => $"  {s.FileName}: applied {s.Row!.Checksum}, file now {s.Script!.Checksum}")) +
                "\nApplied migrations must not be edited: restore the file and put the change in a new migration.");
        }

        var unknown = Unknown.ToList();
        if (unknown.Count > 0 && !allowUnknown)
        {
            throw new OpsException(
                ExitCodes.Drift,
                $"the database has migrations this binary does not know ({string.Join(", ", unknown.Select(s => s.FileName))}); " +
                "a newer cocktaildb-ops has probably run. Deploy that newer binary, or pass --allow-unknown to apply this binary's pending migrations anyway.");
        }

        var pending = Pending.Where(s => target is null || s.Version <= target).Select(s => s.Script!).ToList();
        var offending = pending.Where(m => !m.NoTransaction && m.TransactionControlLine > 0).ToList();
        if (offending.Count > 0)
        {
            throw new OpsException(
                ExitCodes.Failed,
                "nothing was applied: " + string.Join("; ", offending.Select(m => $"{m.FileName} line {m.TransactionControlLine}")) +
                " controls transactions itself (BEGIN/COMMIT/ROLLBACK/END), which would break the one transaction each migration runs in. " +
                "Remove those statements, or make '-- cocktaildb:no-transaction' the first line to run it statement by statement.");
        }

        return pending;
    }

    /// <param name="progress">How many statements of each partly applied no-transaction file have run, by file name.</param>
    public static MigrationPlan Create(IReadOnlyList<MigrationScript> embedded, IReadOnlyList<LedgerRow> rows, IReadOnlyDictionary<string, int>? progress = null)
    {
        var states = new List<MigrationState>();
        var byVersion = rows.Where(r => r.Version is not null).ToLookup(r => r.Version!.Value);
        var matched = new HashSet<LedgerRow>();

        foreach (var script in embedded)
        {
            // Prefer the row with this exact file name; a legacy row may carry another name for the same version.
            var row = byVersion[script.Version].OrderBy(r => r.FileName == script.FileName ? 0 : 1).FirstOrDefault();
            if (row is null)
            {
                states.Add(new MigrationState(script.Version, script.FileName, MigrationStatus.Pending, script, null, progress?.GetValueOrDefault(script.FileName) ?? 0));
                continue;
            }

            matched.Add(row);
            states.Add(new MigrationState(script.Version, script.FileName, Compare(script, row), script, row));
        }

        foreach (var row in rows.Where(r => !matched.Contains(r)))
        {
            var status = row.Checksum is null ? MigrationStatus.UnknownLegacy : MigrationStatus.Unknown;
            states.Add(new MigrationState(row.Version, row.FileName, status, null, row));
        }

        states.Sort((a, b) => (a.Version ?? long.MaxValue).CompareTo(b.Version ?? long.MaxValue) is var c and not 0
            ? c
            : string.CompareOrdinal(a.FileName, b.FileName));
        return new MigrationPlan(states);
    }

    private static MigrationStatus Compare(MigrationScript script, LedgerRow row)
    {
        if (row.Checksum is null)
        {
            return MigrationStatus.AppliedWithoutChecksum;
        }

        if (row.ChecksumAlgorithm != MigrationChecksum.Algorithm)
        {
            return MigrationStatus.Unverifiable;
        }

        if (!string.Equals(row.Checksum, script.Checksum, StringComparison.OrdinalIgnoreCase))
        {
            return MigrationStatus.Drifted;
        }

        return row.Method is LedgerMethod.Baseline or LedgerMethod.Schema ? MigrationStatus.Baselined : MigrationStatus.Applied;
    }
}
