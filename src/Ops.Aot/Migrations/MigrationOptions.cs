namespace CocktailDb.Ops.Migrations;

/// <summary>What `migrate` was asked to do.</summary>
/// <param name="Target">Apply pending migrations up to this version only.</param>
/// <param name="LockTimeout">How long to wait for another runner's migration lock (not the tables' locks: see Policy).</param>
/// <param name="AllowUnknown">Proceed although the ledger has migrations this binary doesn't know.</param>
/// <param name="Policy">Lock and statement timeouts and lock retries for the migrations' own statements.</param>
internal sealed record MigrationOptions(long? Target, TimeSpan LockTimeout, bool AllowUnknown, ExecutionPolicy Policy);
