using System.Globalization;
using System.Text.RegularExpressions;

namespace CocktailDb.Ops.Tests.Harness;

/// <summary>
/// The files of the repository the tests read, where the repository keeps them: the SQL the
/// tests build databases from, the migrations, the deployment files. Facts are read from the
/// files, so no test needs an update when a migration is added.
/// </summary>
public static partial class RepositoryFiles
{
    private const string TrackingMarker = "-- Analytics change tracking";

    /// <summary>The repository root (the folder holding CocktailDb.sln).</summary>
    public static string Root => TestEnvironment.RepoRoot;

    public static string File(params string[] parts) => Path.Combine([Root, .. parts]);

    public static string SchemaSql => System.IO.File.ReadAllText(File("infrastructure", "postgres", "schema.sql"));

    /// <summary>The <c>-- schema-version: N</c> header of schema.sql: the newest migration it contains.</summary>
    public static long SchemaVersion => long.Parse(SchemaVersionHeader().Match(SchemaSql).Groups[1].Value, CultureInfo.InvariantCulture);

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

    public static string Migration(string fileName) => System.IO.File.ReadAllText(File("migrations", fileName));

    /// <summary>The up migrations in migrations/ (NN_migration_*.sql), by file name.</summary>
    public static IReadOnlyList<string> Migrations { get; } =
        Directory.EnumerateFiles(File("migrations"), "*.sql")
            .Select(Path.GetFileName)
            .Where(n => MigrationName().IsMatch(n!))
            .Order(StringComparer.Ordinal)
            .ToList()!;

    public static string DebounceService => File("infrastructure", "systemd", "cocktaildb-analytics-debounce.service");

    public static string DebounceTimer => File("infrastructure", "systemd", "cocktaildb-analytics-debounce.timer");

    /// <summary>The analytics unit's drop-in: its runs record themselves through cocktaildb-ops hooks.</summary>
    public static string AnalyticsDropIn => File("infrastructure", "systemd", "cocktaildb-analytics.service.d", "50-cocktaildb-ops.conf");

    public static string PolkitRule => File("infrastructure", "polkit", "50-cocktaildb-analytics.rules");

    public static string AnsibleDirectory => File("infrastructure", "ansible");

    public static string Playbook => File("infrastructure", "ansible", "playbooks", "deploy.yml");

    [GeneratedRegex(@"^\d+_migration_.+\.sql$")]
    private static partial Regex MigrationName();

    [GeneratedRegex(@"^-- schema-version: (\d+)", RegexOptions.Multiline)]
    private static partial Regex SchemaVersionHeader();
}
