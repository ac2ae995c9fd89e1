using CocktailDb.Ops.Migrations.Manifest;
using CocktailDb.Ops.Shared;

namespace CocktailDb.Ops.Migrations;

/// <summary>
/// The comparison of the embedded manifest with the ledger: what is applied, pending,
/// drifted or unknown. Pure: no database access, so every rule is easy to read in one place.
/// </summary>
internal sealed class MigrationPlan
{
    private MigrationPlan(List<MigrationState> states) => States = states;

    /// <summary>Every migration the binary or the database knows, by version then file name.</summary>
    public IReadOnlyList<MigrationState> States { get; }

    public IEnumerable<MigrationState> Pending => States.Where(s => s.Status == MigrationStatus.Pending);

    public IEnumerable<MigrationState> Drifted => States.Where(s => s.Status == MigrationStatus.Drifted);

    public IEnumerable<MigrationState> Unknown => States.Where(s => s.Status == MigrationStatus.Unknown);

    public static MigrationPlan Create(IReadOnlyList<MigrationScript> embedded, IReadOnlyList<LedgerRow> rows)
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
                states.Add(new MigrationState(script.Version, script.FileName, MigrationStatus.Pending, script, null));
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
