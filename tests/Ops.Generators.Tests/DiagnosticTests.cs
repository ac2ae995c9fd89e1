using System.Reflection;
using System.Text.RegularExpressions;
using CocktailDb.Ops.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using static CocktailDb.Ops.Generators.Tests.Infrastructure.SqlFile;

namespace CocktailDb.Ops.Generators.Tests;

public class DiagnosticTests
{
    private const string Create = "CREATE TABLE tags (id int);\n";

    [Fact]
    public void Every_descriptor_has_a_distinct_cdb_id_of_four_digits()
    {
        var ids = typeof(DiagnosticDescriptors)
            .GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.FieldType == typeof(DiagnosticDescriptor))
            .Select(f => ((DiagnosticDescriptor)f.GetValue(null)!).Id)
            .ToList();

        Assert.Equal(27, ids.Count);
        Assert.All(ids, id => Assert.Matches(new Regex("^CDB[0-9]{4}$"), id));
        Assert.Equal(ids.Count, ids.Distinct().Count());
    }

    [Fact]
    public void Valid_files_produce_no_diagnostics()
    {
        var output = GeneratorHarness.Run(
            Migration("01_migration_create_tags.sql", Create),
            Rollback("01_rollback_create_tags.sql", "DROP TABLE tags;\n"),
            Schema("-- schema-version: 1\n" + Create));

        Assert.Empty(output.Diagnostics);
    }

    [Fact]
    public void A_name_that_does_not_parse_is_an_error_naming_the_file_and_the_reason_on_its_first_line()
    {
        var output = GeneratorHarness.Run(Migration("add_tags.sql", "-- adds tags\n" + Create));

        var diagnostic = output.Single("CDB0001");
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Contains("'add_tags.sql'", diagnostic.GetMessage());
        Assert.Contains("must start with a version number", diagnostic.GetMessage());
        Assert.Equal("-- adds tags", output.TextUnder(diagnostic));
        Assert.Equal("/repo/migrations/add_tags.sql", diagnostic.Location.GetLineSpan().Path);
    }

    [Fact]
    public void Two_up_migrations_with_one_version_are_an_error_on_the_second_naming_both()
    {
        var output = GeneratorHarness.Run(
            Migration("09_migration_b.sql", "SELECT 'b';\n"),
            Migration("09_migration_a.sql", "SELECT 'a';\n"));

        var diagnostic = output.Single("CDB0002");
        Assert.Equal("/repo/migrations/09_migration_b.sql", diagnostic.Location.GetLineSpan().Path);
        Assert.Contains("'09_migration_a.sql' and '09_migration_b.sql' both have version 9", diagnostic.GetMessage());
        Assert.Equal("SELECT 'b';", output.TextUnder(diagnostic));
    }

    [Fact]
    public void Zero_padding_does_not_make_two_versions_different()
    {
        var output = GeneratorHarness.Run(
            Migration("9_migration_a.sql", "SELECT 'a';\n"),
            Migration("009_migration_b.sql", "SELECT 'b';\n"));

        Assert.Contains("both have version 9", output.Single("CDB0002").GetMessage());
    }

    [Fact]
    public void Two_rollbacks_for_one_version_are_an_error()
    {
        var output = GeneratorHarness.Run(
            Migration("09_migration_a.sql", Create),
            Rollback("09_rollback_a.sql", "DROP TABLE tags;\n"),
            Rollback("09_rollback_again.sql", "DROP TABLE IF EXISTS tags;\n"));

        var diagnostic = output.Single("CDB0003");
        Assert.Equal("/repo/migrations/rollbacks/09_rollback_again.sql", diagnostic.Location.GetLineSpan().Path);
        Assert.Contains("'09_rollback_a.sql' and '09_rollback_again.sql'", diagnostic.GetMessage());
        Assert.Equal("DROP TABLE IF EXISTS tags;", output.TextUnder(diagnostic));
    }

    [Fact]
    public void A_rollback_without_an_up_migration_of_its_version_is_an_error()
    {
        var output = GeneratorHarness.Run(
            Migration("09_migration_a.sql", Create),
            Rollback("10_rollback_b.sql", "DROP TABLE b;\n"));

        var diagnostic = output.Single("CDB0004");
        Assert.Contains("'10_rollback_b.sql' is for version 10", diagnostic.GetMessage());
        Assert.Equal("DROP TABLE b;", output.TextUnder(diagnostic));
    }

    [Fact]
    public void A_file_of_only_comments_and_whitespace_is_an_error()
    {
        var output = GeneratorHarness.Run(Migration("01_migration_empty.sql", "-- todo\n\n/* later; */\n"));

        var diagnostic = output.Single("CDB0005");
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Equal("-- todo", output.TextUnder(diagnostic));
    }

    [Fact]
    public void A_zero_byte_file_is_an_error_located_at_the_start()
    {
        var output = GeneratorHarness.Run(Migration("01_migration_empty.sql", string.Empty));

        var diagnostic = output.Single("CDB0005");
        Assert.Equal(0, diagnostic.Location.SourceSpan.Start);
        Assert.Equal(0, diagnostic.Location.SourceSpan.Length);
    }

    [Fact]
    public void An_unterminated_string_is_an_error_located_at_its_opening_quote()
    {
        var text = Create + "INSERT INTO tags VALUES ('open);\nSELECT 1;\n";
        var output = GeneratorHarness.Run(Migration("01_migration_a.sql", text));

        var diagnostic = output.Single("CDB0006");
        Assert.Equal("'", output.TextUnder(diagnostic));
        Assert.StartsWith("'open);", output.TextFrom(diagnostic));
        Assert.Contains("string literal", diagnostic.GetMessage());
        Assert.Equal(1, diagnostic.Location.GetLineSpan().StartLinePosition.Line);
    }

    [Fact]
    public void An_unterminated_quoted_identifier_is_an_error_located_at_its_opening_quote()
    {
        var output = GeneratorHarness.Run(Migration("01_migration_a.sql", "SELECT \"open FROM t;\n"));

        var diagnostic = output.Single("CDB0006");
        Assert.StartsWith("\"open", output.TextFrom(diagnostic));
        Assert.Contains("quoted identifier", diagnostic.GetMessage());
    }

    [Fact]
    public void Locations_point_into_the_original_text_of_a_crlf_file_with_a_bom()
    {
        var text = "\uFEFFCREATE TABLE a (id int);\r\n\r\nINSERT INTO a VALUES ('x);\r\n";
        var output = GeneratorHarness.Run(Migration("01_migration_a.sql", text));

        var diagnostic = output.Single("CDB0006");
        Assert.StartsWith("'x);", output.TextFrom(diagnostic));
        Assert.Equal(2, diagnostic.Location.GetLineSpan().StartLinePosition.Line);
    }

    [Fact]
    public void An_unterminated_block_comment_is_an_error_located_at_its_opening()
    {
        var output = GeneratorHarness.Run(Migration("01_migration_a.sql", Create + "/* open /* nested */ still open\n"));

        var diagnostic = output.Single("CDB0007");
        Assert.Equal("/*", output.TextUnder(diagnostic));
        Assert.StartsWith("/* open", output.TextFrom(diagnostic));
        Assert.DoesNotContain("CDB0005", output.DiagnosticIds);
    }

    [Fact]
    public void An_unterminated_dollar_quote_is_an_error_naming_its_tag()
    {
        var output = GeneratorHarness.Run(Migration("01_migration_a.sql", "DO $body$ BEGIN NULL; END $bod$;\n"));

        var diagnostic = output.Single("CDB0008");
        Assert.Equal("$body$", output.TextUnder(diagnostic));
        Assert.Contains("$body$", diagnostic.GetMessage());
    }

    [Fact]
    public void Transaction_control_in_a_transactional_migration_is_a_warning_at_that_statement()
    {
        var output = GeneratorHarness.Run(Migration("01_migration_a.sql", Create + "commit;\n"));

        var diagnostic = output.Single("CDB0009");
        Assert.Equal(DiagnosticSeverity.Warning, diagnostic.Severity);
        Assert.Equal("commit", output.TextUnder(diagnostic));
        Assert.Contains("refuse", diagnostic.GetMessage());
        Assert.Contains("-- cocktaildb:no-transaction", diagnostic.GetMessage());
    }

    [Fact]
    public void Transaction_control_in_a_rollback_is_a_warning_too()
    {
        var output = GeneratorHarness.Run(
            Migration("01_migration_a.sql", Create),
            Rollback("01_rollback_a.sql", "BEGIN;\nDROP TABLE tags;\nCOMMIT;\n"));

        Assert.Equal("BEGIN", output.TextUnder(output.Single("CDB0009")));
    }

    [Fact]
    public void Transaction_control_in_a_no_transaction_migration_is_allowed()
    {
        var output = GeneratorHarness.Run(Migration("01_migration_a.sql", "-- cocktaildb:no-transaction\nCOMMIT;\nCREATE INDEX CONCURRENTLY i ON t (c);\n"));

        Assert.Empty(output.Diagnostics);
    }

    [Fact]
    public void A_schema_behind_the_newest_migration_is_a_warning_at_its_header()
    {
        var output = GeneratorHarness.Run(
            Migration("01_migration_a.sql", Create),
            Migration("02_migration_b.sql", "ALTER TABLE tags ADD name text;\n"),
            Schema("-- cocktaildb schema\n-- schema-version: 1\n" + Create));

        var diagnostic = output.Single("CDB0010");
        Assert.Equal(DiagnosticSeverity.Warning, diagnostic.Severity);
        Assert.Equal("-- schema-version: 1", output.TextUnder(diagnostic));
        Assert.Contains("declares schema-version 1, but the newest migration is version 2", diagnostic.GetMessage());
    }

    [Fact]
    public void A_schema_without_a_schema_version_header_is_an_error()
    {
        var output = GeneratorHarness.Run(Schema("-- the schema\n" + Create + "-- schema-version: 1\n"));

        var diagnostic = output.Single("CDB0011");
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Equal("-- the schema", output.TextUnder(diagnostic));
    }

    [Fact]
    public void An_unterminated_begin_atomic_body_is_an_error_at_begin_atomic()
    {
        var output = GeneratorHarness.Run(Migration(
            "01_migration_a.sql",
            "CREATE FUNCTION one() RETURNS int LANGUAGE sql\nBEGIN ATOMIC\n  SELECT 1;\n"));

        var diagnostic = output.Single("CDB0012");
        Assert.Equal("BEGIN ATOMIC", output.TextUnder(diagnostic));
    }

    [Fact]
    public void Two_schema_files_are_an_error()
    {
        var output = GeneratorHarness.Run(
            Schema("-- schema-version: 0\n" + Create),
            Schema("-- schema-version: 0\n" + Create, "schema-copy.sql"));

        Assert.Contains("'schema-copy.sql' and 'schema.sql'", output.Single("CDB0013").GetMessage());
    }
}
