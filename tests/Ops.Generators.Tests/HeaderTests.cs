using CocktailDb.Ops.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using static CocktailDb.Ops.Generators.Tests.Infrastructure.SqlFile;

namespace CocktailDb.Ops.Generators.Tests;

/// <summary>The per-file timeout headers: read at build time, carried in the manifest, refused when wrong.</summary>
public class HeaderTests
{
    private const string Alter = "ALTER TABLE tags ADD COLUMN note text;\n";

    [Fact]
    public void Timeout_headers_reach_the_manifest_and_a_file_without_them_leaves_both_to_the_run()
    {
        var output = GeneratorHarness.Run(
            Migration("01_migration_plain.sql", "CREATE TABLE tags (id int);\n"),
            Migration("02_migration_alter.sql", "-- Adds a note.\n-- cocktaildb:lock-timeout 30s\n-- (cocktaildb: see the runbook)\n-- cocktaildb:statement-timeout 1h30m\n" + Alter),
            Migration("03_migration_backfill.sql", "-- cocktaildb:statement-timeout none\nUPDATE tags SET note = '';\n"),
            Rollback("02_rollback_alter.sql", "-- cocktaildb:lock-timeout 500ms\nALTER TABLE tags DROP COLUMN note;\n"));

        Assert.Empty(output.Diagnostics);
        var manifest = LoadedManifest.Load(output.Source);
        Assert.Equal((null, null), (manifest.Migrations[0].LockTimeout, manifest.Migrations[0].StatementTimeout));
        Assert.Equal((TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(90)), (manifest.Migrations[1].LockTimeout, manifest.Migrations[1].StatementTimeout));
        Assert.Equal((null, TimeSpan.Zero), (manifest.Migrations[2].LockTimeout, manifest.Migrations[2].StatementTimeout));
        Assert.Equal(TimeSpan.FromMilliseconds(500), Assert.Single(manifest.Rollbacks).LockTimeout);
    }

    [Fact]
    public void A_timeout_header_may_follow_the_no_transaction_marker()
    {
        var output = GeneratorHarness.Run(
            Migration("01_migration_index.sql", "-- cocktaildb:no-transaction\n-- cocktaildb:lock-timeout 2m\nCREATE INDEX CONCURRENTLY tags_id ON tags (id);\n"));

        Assert.Empty(output.Diagnostics);
        var script = Assert.Single(LoadedManifest.Load(output.Source).Migrations);
        Assert.True(script.NoTransaction);
        Assert.Equal(TimeSpan.FromMinutes(2), script.LockTimeout);
    }

    [Fact]
    public void A_suppression_comment_in_the_header_lines_is_not_mistaken_for_an_unknown_header()
    {
        var output = GeneratorHarness.Run(
            Migration("01_migration_alter.sql", "-- cocktaildb:allow CDB9999 because the table is empty\n" + Alter));

        Assert.DoesNotContain("CDB0014", output.DiagnosticIds);
    }

    [Theory]
    [InlineData("-- cocktaildb:lock-timeout 30", "lock-timeout '30' is not a duration")]
    [InlineData("-- cocktaildb:lock-timeout 0s", "without limit")]
    [InlineData("-- cocktaildb:lock-timeout none", "lock-timeout 'none' is not a duration")]
    [InlineData("-- cocktaildb:lock-timeout 25d", "longer than PostgreSQL allows")]
    [InlineData("-- cocktaildb:lock-timeout", "needs a value")]
    [InlineData("-- cocktaildb:lock-timeout 30s because the table is hot", "has more than a value")]
    [InlineData("-- cocktaildb:statement-timeout 0s", "write 'none' for no statement timeout")]
    [InlineData("-- cocktaildb:statement-timeout forever", "'forever' is not a duration")]
    [InlineData("-- cocktaildb:lock-timout 30s", "is not a header this build knows")]
    [InlineData("--cocktaildb:lock-timeout 30", "lock-timeout '30' is not a duration")]
    public void A_wrong_header_is_an_error_on_its_line_saying_what_is_wrong(string header, string reason)
    {
        var output = GeneratorHarness.Run(Migration("07_migration_alter.sql", "-- Adds a note.\n" + header + "\n" + Alter));

        var diagnostic = output.Single("CDB0014");
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Contains("'07_migration_alter.sql'", diagnostic.GetMessage());
        Assert.Contains(reason, diagnostic.GetMessage());
        Assert.Equal(header, output.TextUnder(diagnostic));
        Assert.Equal(1, diagnostic.Location.GetLineSpan().StartLinePosition.Line);
    }

    [Fact]
    public void A_header_given_twice_is_an_error_on_the_second_naming_both_lines()
    {
        var output = GeneratorHarness.Run(
            Migration("07_migration_alter.sql", "-- cocktaildb:lock-timeout 5s\n-- cocktaildb:lock-timeout 10s\n" + Alter));

        var diagnostic = output.Single("CDB0014");
        Assert.Contains("given twice (lines 1 and 2)", diagnostic.GetMessage());
        Assert.Equal("-- cocktaildb:lock-timeout 10s", output.TextUnder(diagnostic));
    }

    [Fact]
    public void A_timeout_header_after_the_first_statement_is_an_error_because_it_would_do_nothing()
    {
        var output = GeneratorHarness.Run(
            Migration("07_migration_alter.sql", Alter + "-- cocktaildb:statement-timeout 5m\nUPDATE tags SET note = '';\n"));

        var diagnostic = output.Single("CDB0014");
        Assert.Contains("counts only among the comment lines at the top of the file", diagnostic.GetMessage());
        Assert.Equal("-- cocktaildb:statement-timeout 5m", output.TextUnder(diagnostic));
    }

    [Fact]
    public void A_header_in_a_crlf_file_with_a_byte_order_mark_is_located_in_the_original_text()
    {
        var output = GeneratorHarness.Run(
            Migration("07_migration_alter.sql", "\uFEFF-- Adds a note.\r\n-- cocktaildb:lock-timeout soon\r\n" + Alter.Replace("\n", "\r\n")));

        Assert.Equal("-- cocktaildb:lock-timeout soon", output.TextUnder(output.Single("CDB0014")));
    }
}
