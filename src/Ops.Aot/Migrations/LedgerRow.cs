using CocktailDb.Ops.Shared;

namespace CocktailDb.Ops.Migrations;

/// <summary>How a ledger row came to be.</summary>
internal enum LedgerMethod
{
    /// <summary>Written by the old bash runner (or anything else): no checksum.</summary>
    Legacy,

    /// <summary>Applied by cocktaildb-ops.</summary>
    Applied,

    /// <summary>Recorded by <c>baseline</c> without running it.</summary>
    Baseline,

    /// <summary>Contained in schema.sql when a fresh database was installed from it.</summary>
    Schema,
}

/// <summary>One row of <c>schema_migrations</c>.</summary>
internal sealed record LedgerRow(
    string FileName,
    DateTime? AppliedAt,
    string? Checksum,
    string? ChecksumAlgorithm,
    LedgerMethod Method,
    int? ExecutionMs)
{
    /// <summary>The version the file name gives, or null for a name that isn't a migration (or is a rollback script).</summary>
    public long? Version =>
        MigrationFileName.TryParse(FileName, inRollbackFolder: false, out var name, out _) && name.Kind == MigrationFileKind.Up
            ? name.Version
            : null;
}
