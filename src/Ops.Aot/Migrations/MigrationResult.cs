namespace CocktailDb.Ops.Migrations;

/// <summary>One migration `migrate` applied (or would apply, in a dry run).</summary>
internal sealed record AppliedMigration(long Version, string FileName, bool NoTransaction, TimeSpan Elapsed);

/// <summary>What a `migrate` run did.</summary>
internal sealed record MigrationResult(
    bool DryRun,
    bool InstalledSchema,
    List<AppliedMigration> Applied,
    int Skipped,
    TimeSpan Elapsed);
