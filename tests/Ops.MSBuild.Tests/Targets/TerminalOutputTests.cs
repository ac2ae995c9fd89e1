using System.Text.RegularExpressions;
using CocktailDb.Ops.MSBuild.Tests.Infrastructure;
using CocktailDb.Ops.Tests.Harness;

namespace CocktailDb.Ops.MSBuild.Tests.Targets;

/// <summary>
/// `dotnet build -t:Migrate -p:Env=local` in a pseudo-terminal, where dotnet build uses its
/// terminal logger: what stays on the screen is what the user reads. The database is one
/// production had before this tool: the core tables and the seed's ledger with rows for 01-08.
/// </summary>
[Collection(RepositoryBuildCollection.Name)]
public sealed partial class TerminalOutputTests(PostgresServer server)
{
    private const string SeedLedger = """
        CREATE TABLE schema_migrations (filename TEXT PRIMARY KEY, applied_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP);
        INSERT INTO schema_migrations (filename) SELECT format('%s_migration_before_analytics.sql', lpad(v::text, 2, '0')) FROM generate_series(1, 8) AS v;
        """;

    [Fact]
    public async Task In_a_terminal_Env_local_shows_the_database_each_applied_migration_with_its_time_and_the_summary()
    {
        var db = await server.CreateDatabaseAsync();
        await db.ExecuteAsync(RepositoryFiles.CoreSchemaSql);
        await db.ExecuteAsync(SeedLedger);

        var result = await RepositoryBuild.RunInTerminalAsync("Migrate", ["Env=local"], db.Environment());

        var screen = result.Screen.LogicalLines;
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("running cocktaildb-ops migrate against the DB_* environment variables", screen);
        Assert.Contains($"[local] database {db.Name} on {server.Host}:{server.Port} as postgres", screen);
        foreach (var migration in RepositoryFiles.Migrations)
        {
            Assert.Contains(screen, l => Regex.IsMatch(l, $@"^\[local\] applied {Regex.Escape(migration)} \(one transaction\) in \d+(\.\d+)?m?s$"));
        }

        Assert.Contains(screen, l => Regex.IsMatch(l, $@"^\[local\] applied {RepositoryFiles.Migrations.Count}, skipped 0 already applied, elapsed \d"));
        Assert.Contains(screen, l => l.StartsWith("Build succeeded in ", StringComparison.Ordinal));
        Assert.DoesNotContain(PostgresServer.Password, result.Raw);
    }

    [Fact]
    public async Task In_a_terminal_a_failing_migration_is_an_error_at_its_file_and_line_quoting_the_statement_and_the_database_error()
    {
        var db = await server.CreateDatabaseAsync();
        await db.ExecuteAsync(RepositoryFiles.CoreSchemaSql);
        await db.ExecuteAsync(SeedLedger);
        // The ledger says 09 ran, but its table is not there: the migration after it fails.
        await db.ExecuteAsync($"INSERT INTO schema_migrations (filename) VALUES ('{RepositoryFiles.Migrations[0]}')");
        var failing = RepositoryFiles.Migrations[1];

        var result = await RepositoryBuild.RunInTerminalAsync("Migrate", ["Env=local"], db.Environment());

        Assert.NotEqual(0, result.ExitCode);
        // The terminal logger breaks long error lines anywhere: match them without whitespace.
        var error = ErrorAtFile().Match(result.Screen.Squeezed);
        Assert.True(error.Success, result.ToString());
        Assert.Equal(Path.Combine(TestEnvironment.RepoRoot, "migrations", failing), error.Groups["file"].Value);
        // The error carries the tool's own words: file, statement, line, database message, SQLSTATE.
        Assert.Equal(TerminalScreen.Squeeze(failing), error.Groups["named"].Value);
        Assert.Equal(error.Groups["line"].Value, error.Groups["statementLine"].Value);
        Assert.True(result.Screen.Shows("relation \"analytics_refresh_state\" does not exist [42P01]; nothing from this file was applied"), result.ToString());
        Assert.True(result.Screen.Shows("fix that file and run again"), result.ToString());
        Assert.Contains(result.Screen.LogicalLines, l => l.StartsWith("Build failed with 1 error(s) in ", StringComparison.Ordinal));
        Assert.DoesNotContain("MSB4018", result.Raw);
        Assert.Equal(0L, await db.ScalarAsync<long>($"SELECT count(*) FROM schema_migrations WHERE filename = '{failing}'"));
    }

    // "/repo/migrations/14_x.sql(63): error OPSB2001: migrate failed on the local database (exit 1):
    //  14_x.sql, statement 6 of 30 (line 63): ...", without whitespace.
    [GeneratedRegex(@"(?<file>/[^\s(]+\.sql)\((?<line>\d+)\):errorOPSB2001:migratefailedonthelocaldatabase\(exit1\):(?<named>[\w.-]+\.sql),statement\d+of\d+\(line(?<statementLine>\d+)\):")]
    private static partial Regex ErrorAtFile();
}
