namespace CocktailDb.Ops.Migrations;

/// <summary>What `migrate` was asked to do.</summary>
/// <param name="DryRun">List what would run; change nothing.</param>
/// <param name="ShowSql">With DryRun: print the statements too.</param>
/// <param name="Target">Apply pending migrations up to this version only.</param>
/// <param name="LockTimeout">How long to wait for another runner.</param>
/// <param name="AllowUnknown">Proceed although the ledger has migrations this binary doesn't know.</param>
internal sealed record MigrationOptions(bool DryRun, bool ShowSql, long? Target, TimeSpan LockTimeout, bool AllowUnknown);
