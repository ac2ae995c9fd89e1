using Microsoft.CodeAnalysis;

namespace CocktailDb.Ops.Generators.Tests.Lint;

public class SuppressionTests
{
    private const string Drop = "DROP TABLE recipe_notes;\n";

    [Fact]
    public void A_suppression_with_a_reason_above_a_statement_silences_that_rule_there()
    {
        var output = LintRun.Migration(
            "-- cocktaildb:allow CDB0109 because no release since 41 reads recipe_notes\n" + Drop);

        Assert.Empty(output.Diagnostics);
    }

    [Fact]
    public void A_suppression_covers_only_the_statement_below_it()
    {
        var output = LintRun.Migration(
            "-- cocktaildb:allow CDB0109 because no release since 41 reads recipe_notes\n" + Drop + "DROP TABLE recipe_drafts;\n");

        Assert.Equal("DROP TABLE recipe_drafts", output.TextUnder(output.Single("CDB0109")));
    }

    [Fact]
    public void A_suppression_at_the_end_of_a_statements_line_covers_that_statement_not_the_next()
    {
        var output = LintRun.Migration(
            "DROP TABLE recipe_notes; -- cocktaildb:allow CDB0109 because unused since release 41\nDROP TABLE recipe_drafts;\n");

        Assert.Equal("DROP TABLE recipe_drafts", output.TextUnder(output.Single("CDB0109")));
    }

    [Fact]
    public void A_suppression_inside_a_statement_or_in_a_block_comment_covers_it()
    {
        var inside = LintRun.Migration(
            "ALTER TABLE recipes\n    -- cocktaildb:allow CDB0106 because varchar(100) to text is binary-coercible\n    ALTER COLUMN name TYPE text;\n");
        var block = LintRun.Migration(
            "/* cocktaildb:allow CDB0101, CDB0109 because recipes has 40 rows and nothing reads recipe_notes */\n" +
            "CREATE INDEX recipes_name_idx ON recipes (name);\n");

        Assert.Empty(inside.Diagnostics);
        Assert.Equal(["CDB0113"], block.DiagnosticIds); // CDB0109 matches nothing on the CREATE INDEX
    }

    [Fact]
    public void A_suppression_without_a_reason_is_a_warning_and_suppresses_nothing()
    {
        var output = LintRun.Migration("-- cocktaildb:allow CDB0109\n" + Drop);

        var diagnostic = output.Single("CDB0111");
        Assert.Equal(DiagnosticSeverity.Warning, diagnostic.Severity);
        Assert.Equal("-- cocktaildb:allow CDB0109", output.TextUnder(diagnostic));
        Assert.Contains("because", diagnostic.GetMessage());
        Assert.Equal("DROP TABLE recipe_notes", output.TextUnder(output.Single("CDB0109")));
    }

    [Fact]
    public void A_reason_that_is_only_the_word_because_is_no_reason()
    {
        var output = LintRun.Migration("-- cocktaildb:allow CDB0109 because\n" + Drop);

        Assert.Equal(["CDB0111", "CDB0109"], output.DiagnosticIds);
    }

    [Theory]
    [InlineData("CDB9999")]
    [InlineData("CDB0001")]
    [InlineData("CBD0109")]
    public void A_suppression_naming_an_unknown_id_is_a_warning_listing_the_rules_that_can_be_suppressed(string id)
    {
        var output = LintRun.Migration($"-- cocktaildb:allow {id} because it is fine\nSELECT 1;\n");

        var diagnostic = output.Single("CDB0112");
        Assert.Contains($"'{id}' is not a lint rule", diagnostic.GetMessage());
        Assert.Contains("CDB0101", diagnostic.GetMessage());
        Assert.DoesNotContain("CDB0102", diagnostic.GetMessage().Split("can be:")[1]);
    }

    [Fact]
    public void An_error_cannot_be_suppressed()
    {
        var output = LintRun.Migration("-- cocktaildb:allow CDB0102 because we know\nVACUUM recipes;\n");

        Assert.Equal(DiagnosticSeverity.Error, output.Single("CDB0102").Severity);
        Assert.Contains("errors cannot be suppressed", output.Single("CDB0112").GetMessage());
    }

    [Fact]
    public void A_suppression_that_matches_nothing_is_a_warning()
    {
        var output = LintRun.Migration("-- cocktaildb:allow CDB0101 because the table is tiny\nCREATE INDEX CONCURRENTLY i ON recipes (name);\n");

        var diagnostic = Assert.Single(output.Diagnostics, d => d.Id == "CDB0113");
        Assert.Equal("-- cocktaildb:allow CDB0101 because the table is tiny", output.TextUnder(diagnostic));
    }

    [Fact]
    public void A_comment_that_only_starts_like_the_marker_is_not_a_suppression()
    {
        var output = LintRun.Migration("SELECT 1;\n-- cocktaildb:allowance for the old column\n" + Drop);

        Assert.Equal(["CDB0109"], output.DiagnosticIds);
    }
}
