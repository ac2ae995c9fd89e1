using CocktailDb.Ops.Migrations.Manifest;

namespace CocktailDb.Ops.Migrations;

/// <summary>Where one migration stands, comparing this binary with the database's ledger.</summary>
internal enum MigrationStatus
{
    /// <summary>Applied by this tool; checksum matches.</summary>
    Applied,

    /// <summary>Recorded by <c>baseline</c> or a schema.sql install; checksum matches.</summary>
    Baselined,

    /// <summary>A legacy row (old runner): applied, no checksum to compare.</summary>
    AppliedWithoutChecksum,

    /// <summary>Recorded with a checksum written by another algorithm: cannot be compared.</summary>
    Unverifiable,

    /// <summary>Not in the ledger yet.</summary>
    Pending,

    /// <summary>The applied checksum differs from the embedded file.</summary>
    Drifted,

    /// <summary>In the ledger with a checksum, unknown to this binary (a newer binary ran).</summary>
    Unknown,

    /// <summary>A legacy row unknown to this binary (older history this binary does not carry).</summary>
    UnknownLegacy,
}

/// <summary>One line of <c>status</c>: an embedded migration, a ledger row, or both.</summary>
/// <param name="StatementsDone">For a pending no-transaction file an earlier run stopped in: how many of its statements have run.</param>
internal sealed record MigrationState(long? Version, string FileName, MigrationStatus Status, MigrationScript? Script, LedgerRow? Row, int StatementsDone = 0)
{
    public bool IsApplied => Status is not MigrationStatus.Pending;

    public string Describe() => StatementsDone > 0
        ? $"partly applied ({StatementsDone} of {Script!.Statements.Length} statements)"
        : Describe(Status);

    private static string Describe(MigrationStatus status) => status switch
    {
        MigrationStatus.Applied => "applied",
        MigrationStatus.Baselined => "baselined",
        MigrationStatus.AppliedWithoutChecksum => "applied (no checksum)",
        MigrationStatus.Unverifiable => "applied (other checksum algorithm)",
        MigrationStatus.Pending => "pending",
        MigrationStatus.Drifted => "DRIFTED",
        MigrationStatus.Unknown => "UNKNOWN to this binary",
        _ => "applied (not in this binary)",
    };

    public static string Key(MigrationStatus status) => status switch
    {
        MigrationStatus.Applied => "applied",
        MigrationStatus.Baselined => "baselined",
        MigrationStatus.AppliedWithoutChecksum => "applied-without-checksum",
        MigrationStatus.Unverifiable => "unverifiable",
        MigrationStatus.Pending => "pending",
        MigrationStatus.Drifted => "drifted",
        MigrationStatus.Unknown => "unknown",
        _ => "unknown-legacy",
    };
}
