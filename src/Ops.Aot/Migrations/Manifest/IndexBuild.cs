namespace CocktailDb.Ops.Migrations.Manifest;

/// <summary>
/// The index a CREATE INDEX CONCURRENTLY builds. An index lives in its table's schema, so it is
/// found through the table, never through search_path.
/// </summary>
/// <param name="Table">The table as the statement names it, each part quoted: to_regclass reads it as the statement did.</param>
/// <param name="Name">The index's name as PostgreSQL stores it; empty when the statement lets PostgreSQL choose one.</param>
internal sealed record IndexBuild(string Table, string Name);
