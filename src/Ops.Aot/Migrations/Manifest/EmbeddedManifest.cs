namespace CocktailDb.Ops.Migrations.Manifest;

/// <summary>
/// The migrations baked into this binary. The other half of this class is written by
/// Ops.Generators from the AdditionalFiles the build passes in (migrations/*.sql,
/// migrations/rollbacks/*.sql, the schema file); see src/Ops.Generators.
/// </summary>
internal static partial class EmbeddedManifest
{
    /// <summary>The rollback script for <paramref name="version"/>, or null.</summary>
    public static MigrationScript? FindRollback(long version) =>
        Array.Find(Rollbacks, r => r.Version == version);
}
