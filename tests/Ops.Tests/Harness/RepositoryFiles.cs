namespace CocktailDb.Ops.Tests.Harness;

/// <summary>SQL files of the repository that tests build databases from.</summary>
public static class RepositoryFiles
{
    private const string TrackingMarker = "-- Analytics change tracking";

    public static string SchemaSql => File.ReadAllText(Path.Combine(TestEnvironment.RepoRoot, "infrastructure", "postgres", "schema.sql"));

    /// <summary>
    /// The CocktailDB core tables as production had them before migration 09: schema.sql up
    /// to its analytics section.
    /// </summary>
    public static string CoreSchemaSql
    {
        get
        {
            var schema = SchemaSql;
            var end = schema.IndexOf(TrackingMarker, StringComparison.Ordinal);
            Assert.True(end > 0, $"schema.sql has no '{TrackingMarker}' section");
            return schema[..end];
        }
    }

    /// <summary>The <c>-- schema-version: N</c> header of schema.sql: the newest migration it contains.</summary>
    public static long SchemaVersion =>
        long.Parse(System.Text.RegularExpressions.Regex.Match(SchemaSql, @"^-- schema-version: (\d+)", System.Text.RegularExpressions.RegexOptions.Multiline).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);

    public static string Migration(string fileName) => File.ReadAllText(Path.Combine(TestEnvironment.RepoRoot, "migrations", fileName));
}
