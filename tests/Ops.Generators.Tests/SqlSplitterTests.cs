using CocktailDb.Ops.Generators.Models;

namespace CocktailDb.Ops.Generators.Tests;

public class SqlSplitterTests
{
    private static string[] Texts(string sql)
    {
        var result = SqlSplitter.Split(sql);
        Assert.Empty(result.Errors);
        return result.Statements.Select(s => s.Text).ToArray();
    }

    [Fact]
    public void Semicolons_end_statements_and_texts_are_trimmed_without_the_semicolon()
    {
        Assert.Equal(
            ["CREATE TABLE tags (id int)", "INSERT INTO tags VALUES (1)"],
            Texts("  CREATE TABLE tags (id int) ;\n\nINSERT INTO tags VALUES (1);\n"));
    }

    [Fact]
    public void A_last_statement_without_a_semicolon_is_kept()
    {
        Assert.Equal(["SELECT 1", "SELECT 2"], Texts("SELECT 1;\nSELECT 2\n"));
    }

    [Fact]
    public void Semicolons_inside_single_quoted_strings_with_doubled_quotes_do_not_split()
    {
        Assert.Equal(["SELECT 'a;b', 'it''s; fine'", "SELECT 2"], Texts("SELECT 'a;b', 'it''s; fine';\nSELECT 2;"));
    }

    [Fact]
    public void A_backslash_in_a_standard_string_is_literal_and_does_not_escape_the_quote()
    {
        Assert.Equal(["SELECT 'C:\\'", "SELECT 2"], Texts("SELECT 'C:\\';\nSELECT 2;"));
    }

    [Theory]
    [InlineData("E")]
    [InlineData("e")]
    public void A_backslash_escapes_the_quote_in_an_escape_string(string prefix)
    {
        var sql = "SELECT " + prefix + "'it\\'s; still the string';\nSELECT 2;";
        Assert.Equal(["SELECT " + prefix + "'it\\'s; still the string'", "SELECT 2"], Texts(sql));
    }

    [Fact]
    public void An_identifier_ending_in_e_before_a_quote_is_not_an_escape_string_prefix()
    {
        // date'...' is a typed literal; read as E'...' the backslash would swallow the quote.
        Assert.Equal(["SELECT date'\\'", "SELECT 2"], Texts("SELECT date'\\';\nSELECT 2;"));
    }

    [Fact]
    public void Semicolons_inside_double_quoted_identifiers_with_doubled_quotes_do_not_split()
    {
        Assert.Equal(["CREATE TABLE \"odd;\"\"name\" (id int)", "SELECT 2"], Texts("CREATE TABLE \"odd;\"\"name\" (id int);\nSELECT 2;"));
    }

    [Fact]
    public void Semicolons_inside_a_plain_dollar_quote_do_not_split()
    {
        var function = "CREATE FUNCTION one() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql";
        Assert.Equal([function, "SELECT 2"], Texts(function + ";\nSELECT 2;"));
    }

    [Fact]
    public void A_tagged_dollar_quote_ends_only_at_its_own_tag_even_with_other_tags_inside()
    {
        var block = "DO $outer$\nBEGIN\n  EXECUTE $inner$ SELECT 1; $inner$;\n  PERFORM $$;$$;\nEND\n$outer$";
        Assert.Equal([block, "SELECT 2"], Texts(block + ";\nSELECT 2;"));
    }

    [Fact]
    public void Positional_parameters_are_not_dollar_quotes()
    {
        Assert.Equal(
            ["PREPARE find(int, text) AS SELECT $1, $2", "SELECT $$;$$"],
            Texts("PREPARE find(int, text) AS SELECT $1, $2;\nSELECT $$;$$;"));
    }

    [Fact]
    public void Dollar_signs_inside_identifiers_do_not_open_a_quote()
    {
        Assert.Equal(["SELECT price$usd$ FROM t", "SELECT 2"], Texts("SELECT price$usd$ FROM t;\nSELECT 2;"));
    }

    [Fact]
    public void Line_comments_and_nested_block_comments_containing_semicolons_do_not_split()
    {
        var sql = "-- first; not a statement\nSELECT 1 /* outer; /* inner; */ still comment; */ + 1;\nSELECT 2; -- trailing; comment\n";
        Assert.Equal(["SELECT 1 /* outer; /* inner; */ still comment; */ + 1", "SELECT 2"], Texts(sql));
    }

    [Fact]
    public void Semicolons_inside_parentheses_do_not_split_as_in_psql()
    {
        var rule = "CREATE RULE log_tags AS ON INSERT TO tags DO ALSO (INSERT INTO log VALUES (1); INSERT INTO log VALUES (2))";
        Assert.Equal([rule, "SELECT 2"], Texts(rule + ";\nSELECT 2;"));
    }

    [Fact]
    public void A_stray_closing_parenthesis_does_not_hide_later_semicolons()
    {
        Assert.Equal(["SELECT 1)", "SELECT 2"], Texts("SELECT 1);\nSELECT 2;"));
    }

    [Fact]
    public void Comment_only_and_empty_statements_are_dropped()
    {
        Assert.Empty(Texts("-- nothing here\n;\n/* nor; here */ ;\n   ;"));
    }

    [Fact]
    public void A_begin_atomic_body_is_one_statement_even_with_case_end_inside()
    {
        var function =
            "CREATE FUNCTION grade(score int) RETURNS text\n" +
            "LANGUAGE sql\n" +
            "BEGIN ATOMIC\n" +
            "  SELECT CASE WHEN score > 90 THEN 'A' ELSE CASE WHEN score > 50 THEN 'B' ELSE 'C' END END;\n" +
            "  SELECT 'end;';\n" +
            "end";
        Assert.Equal([function, "SELECT 2"], Texts(function + ";\nSELECT 2;"));
    }

    [Fact]
    public void A_begin_atomic_body_survives_a_comment_between_begin_and_atomic()
    {
        var procedure = "CREATE PROCEDURE p() LANGUAGE sql begin /* sql-standard */ atomic INSERT INTO t VALUES (1); END";
        Assert.Equal([procedure, "SELECT 2"], Texts(procedure + ";\nSELECT 2;"));
    }

    [Fact]
    public void A_statement_line_is_the_line_of_its_first_character_that_is_not_a_comment()
    {
        var result = SqlSplitter.Split(
            "-- cocktaildb:no-transaction\n\n/* header\n   comment */\nCREATE INDEX CONCURRENTLY i ON t (c);\n\n  -- why\n  SELECT\n1;");
        Assert.Equal([5, 8], result.Statements.Select(s => s.Line).ToArray());
        Assert.Equal("SELECT\n1", result.Statements[1].Text);
    }

    [Theory]
    [InlineData("BEGIN", "BEGIN")]
    [InlineData("begin isolation level serializable", "BEGIN")]
    [InlineData("COMMIT", "COMMIT")]
    [InlineData("commit", "COMMIT")]
    [InlineData("ROLLBACK", "ROLLBACK")]
    [InlineData("START TRANSACTION", "START TRANSACTION")]
    [InlineData("END", "END")]
    [InlineData("ABORT", "ABORT")]
    [InlineData("ROLLBACK TO SAVEPOINT before_backfill", null)]
    [InlineData("SAVEPOINT before_backfill", null)]
    [InlineData("CREATE TABLE commit_log (id int)", null)]
    [InlineData("SELECT 'COMMIT'", null)]
    public void Transaction_control_is_detected_from_the_first_keyword_of_a_statement(string statement, string? expected)
    {
        var split = SqlSplitter.Split("CREATE TABLE t (id int);\n" + statement + ";\n");
        Assert.Null(split.Statements[0].TransactionKeyword);
        Assert.Equal(expected, split.Statements[1].TransactionKeyword);
    }

    [Fact]
    public void Begin_atomic_and_plpgsql_begin_end_bodies_are_not_transaction_control()
    {
        var sql =
            "CREATE FUNCTION one() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; END;\n" +
            "CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$\nBEGIN\n  NEW.updated_at := now();\n  RETURN NEW;\nEND\n$$;\n" +
            "DO $$ BEGIN COMMIT; END $$;\n";
        var split = SqlSplitter.Split(sql);
        Assert.Empty(split.Errors);
        Assert.Equal(3, split.Statements.Count);
        Assert.All(split.Statements, s => Assert.Null(s.TransactionKeyword));
    }

    [Theory]
    [InlineData("SELECT 1;\nSELECT 'open;\nSELECT 2;", nameof(SqlSyntaxErrorKind.UnterminatedString), "'")]
    [InlineData("SELECT E'open\\';", nameof(SqlSyntaxErrorKind.UnterminatedString), "'")]
    [InlineData("SELECT \"open;", nameof(SqlSyntaxErrorKind.UnterminatedQuotedIdentifier), "\"")]
    [InlineData("SELECT 1; /* open /* nested */ ;", nameof(SqlSyntaxErrorKind.UnterminatedBlockComment), "/*")]
    [InlineData("DO $body$ BEGIN END $bod$;", nameof(SqlSyntaxErrorKind.UnterminatedDollarQuote), "$body$")]
    [InlineData("CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN  ATOMIC SELECT 1;", nameof(SqlSyntaxErrorKind.UnterminatedAtomicBody), "BEGIN  ATOMIC")]
    public void Unterminated_text_is_reported_at_what_opened_it(string sql, string kind, string opening)
    {
        var error = Assert.Single(SqlSplitter.Split(sql).Errors);
        Assert.Equal(kind, error.Kind.ToString());
        Assert.Equal(opening, sql.Substring(error.Start, error.Length));
        Assert.Equal(opening, error.Opening);
    }
}
