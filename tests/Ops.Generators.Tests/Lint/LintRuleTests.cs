using CocktailDb.Ops.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using static CocktailDb.Ops.Generators.Tests.Infrastructure.SqlFile;

namespace CocktailDb.Ops.Generators.Tests.Lint;

/// <summary>
/// Each lint rule with a statement it reports and one it lets pass. Tables the snippets do not
/// create (recipes, ratings) stand for tables that existed before the migration.
/// </summary>
public class LintRuleTests
{
    [Fact]
    public void Create_index_on_an_existing_table_without_concurrently_is_a_warning_at_the_statement()
    {
        var output = LintRun.Migration("CREATE INDEX recipes_name_idx ON recipes (name);\n");

        var diagnostic = output.Single("CDB0101");
        Assert.Equal(DiagnosticSeverity.Warning, diagnostic.Severity);
        Assert.Equal("CREATE INDEX recipes_name_idx ON recipes (name)", output.TextUnder(diagnostic));
        Assert.Contains("SHARE lock", diagnostic.GetMessage());
        Assert.Contains("CREATE INDEX CONCURRENTLY IF NOT EXISTS", diagnostic.GetMessage());
        Assert.Contains(LintRun.FileName, diagnostic.GetMessage());
    }

    [Fact]
    public void Create_index_concurrently_in_a_no_transaction_file_passes()
    {
        var output = LintRun.NoTransaction(
            "DROP INDEX CONCURRENTLY IF EXISTS recipes_name_idx;\nCREATE INDEX CONCURRENTLY IF NOT EXISTS recipes_name_idx ON recipes (name);\n");

        Assert.Empty(output.Diagnostics);
    }

    [Fact]
    public void Create_index_on_a_table_created_earlier_in_the_same_file_passes()
    {
        var output = LintRun.Migration("CREATE TABLE tags (id int, name text);\nCREATE UNIQUE INDEX tags_name_key ON public.tags (lower(name));\n");

        Assert.Empty(output.Diagnostics);
    }

    [Theory]
    [InlineData("CREATE INDEX CONCURRENTLY recipes_name_idx ON recipes (name)", "CREATE INDEX CONCURRENTLY")]
    [InlineData("DROP INDEX CONCURRENTLY recipes_name_idx", "DROP INDEX CONCURRENTLY")]
    [InlineData("REINDEX INDEX CONCURRENTLY recipes_name_idx", "REINDEX CONCURRENTLY")]
    [InlineData("VACUUM recipes", "VACUUM")]
    [InlineData("VACUUM (FULL, ANALYZE) recipes", "VACUUM FULL")]
    [InlineData("CREATE DATABASE cocktaildb_copy", "CREATE DATABASE")]
    [InlineData("DROP DATABASE cocktaildb_copy", "DROP DATABASE")]
    [InlineData("CREATE TABLESPACE fast LOCATION '/srv/fast'", "CREATE TABLESPACE")]
    [InlineData("ALTER SYSTEM SET work_mem = '64MB'", "ALTER SYSTEM")]
    [InlineData("REINDEX DATABASE cocktaildb", "REINDEX DATABASE")]
    [InlineData("CLUSTER", "CLUSTER without a table name")]
    [InlineData("ALTER TABLE measurements DETACH PARTITION measurements_2020 CONCURRENTLY", "ALTER TABLE ... DETACH PARTITION CONCURRENTLY")]
    public void A_statement_postgresql_refuses_inside_a_transaction_is_an_error_in_a_transactional_file(string statement, string command)
    {
        var output = LintRun.Migration(statement + ";\n");

        var diagnostic = output.Single("CDB0102");
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Equal(statement, output.TextUnder(diagnostic));
        Assert.Contains(command + " cannot run inside a transaction block", diagnostic.GetMessage());
        Assert.Contains("-- cocktaildb:no-transaction", diagnostic.GetMessage());
    }

    [Theory]
    [InlineData("VACUUM ANALYZE recipes")]
    [InlineData("CREATE DATABASE cocktaildb_copy")]
    [InlineData("REINDEX TABLE CONCURRENTLY recipes")]
    public void The_same_statements_pass_in_a_no_transaction_file(string statement)
    {
        var output = LintRun.NoTransaction(statement + ";\n");

        Assert.DoesNotContain("CDB0102", output.DiagnosticIds);
    }

    [Fact]
    public void A_foreign_key_added_without_not_valid_is_a_warning_naming_both_locked_tables()
    {
        var output = LintRun.Migration("ALTER TABLE ratings\n    ADD CONSTRAINT ratings_recipe_fk FOREIGN KEY (recipe_id) REFERENCES recipes (id);\n");

        var diagnostic = output.Single("CDB0103");
        Assert.Equal("ADD CONSTRAINT ratings_recipe_fk FOREIGN KEY (recipe_id) REFERENCES recipes (id)", output.TextUnder(diagnostic));
        Assert.Contains("SHARE ROW EXCLUSIVE on ratings and recipes", diagnostic.GetMessage());
        Assert.Contains("NOT VALID", diagnostic.GetMessage());
        Assert.Contains("VALIDATE CONSTRAINT", diagnostic.GetMessage());
    }

    [Fact]
    public void A_check_constraint_added_without_not_valid_is_a_warning_naming_access_exclusive()
    {
        var output = LintRun.Migration("ALTER TABLE ratings ADD CHECK (rating BETWEEN 1 AND 5), ADD COLUMN note text;\n");

        var diagnostic = output.Single("CDB0103");
        Assert.Equal("ADD CHECK (rating BETWEEN 1 AND 5)", output.TextUnder(diagnostic));
        Assert.Contains("ACCESS EXCLUSIVE", diagnostic.GetMessage());
    }

    [Fact]
    public void Constraints_added_not_valid_pass()
    {
        var output = LintRun.Migration(
            "ALTER TABLE ratings ADD CONSTRAINT ratings_recipe_fk FOREIGN KEY (recipe_id) REFERENCES recipes (id) NOT VALID;\n" +
            "ALTER TABLE ratings ADD CONSTRAINT ratings_range CHECK (rating BETWEEN 1 AND 5) NOT VALID;\n");

        Assert.Empty(output.Diagnostics);
    }

    [Fact]
    public void Validating_in_the_transaction_that_added_the_constraint_not_valid_is_a_warning()
    {
        var output = LintRun.Migration(
            "ALTER TABLE ratings ADD CONSTRAINT ratings_recipe_fk FOREIGN KEY (recipe_id) REFERENCES recipes (id) NOT VALID;\n" +
            "ALTER TABLE ratings VALIDATE CONSTRAINT ratings_recipe_fk;\n");

        var diagnostic = output.Single("CDB0104");
        Assert.Equal("VALIDATE CONSTRAINT ratings_recipe_fk", output.TextUnder(diagnostic));
        Assert.Contains("later migration", diagnostic.GetMessage());
    }

    [Fact]
    public void Validating_in_a_later_migration_or_a_no_transaction_file_passes()
    {
        var later = LintRun.Migration("ALTER TABLE ratings VALIDATE CONSTRAINT ratings_recipe_fk;\n");
        var noTransaction = LintRun.NoTransaction(
            "ALTER TABLE ratings ADD CONSTRAINT ratings_recipe_fk FOREIGN KEY (recipe_id) REFERENCES recipes (id) NOT VALID;\n" +
            "ALTER TABLE ratings VALIDATE CONSTRAINT ratings_recipe_fk;\n");

        Assert.Empty(later.Diagnostics);
        Assert.Empty(noTransaction.Diagnostics);
    }

    [Fact]
    public void Set_not_null_without_a_validated_check_is_a_warning_at_the_subcommand()
    {
        var output = LintRun.Migration("ALTER TABLE recipes ALTER COLUMN source SET NOT NULL;\n");

        var diagnostic = output.Single("CDB0105");
        Assert.Equal("ALTER COLUMN source SET NOT NULL", output.TextUnder(diagnostic));
        Assert.Contains("CHECK (source IS NOT NULL) NOT VALID", diagnostic.GetMessage());
    }

    [Fact]
    public void Set_not_null_after_a_validated_check_of_that_column_passes()
    {
        var output = LintRun.NoTransaction(
            "ALTER TABLE recipes ADD CONSTRAINT recipes_source_nn CHECK (source IS NOT NULL) NOT VALID;\n" +
            "ALTER TABLE recipes VALIDATE CONSTRAINT recipes_source_nn;\n" +
            "ALTER TABLE recipes ALTER COLUMN source SET NOT NULL, DROP CONSTRAINT recipes_source_nn;\n");

        Assert.Empty(output.Diagnostics);
    }

    [Fact]
    public void Set_not_null_after_validating_a_check_defined_by_an_earlier_migration_passes()
    {
        var output = LintRun.Migration(
            "ALTER TABLE recipes VALIDATE CONSTRAINT recipes_source_nn;\nALTER TABLE recipes ALTER COLUMN source SET NOT NULL;\n");

        Assert.Empty(output.Diagnostics);
    }

    [Fact]
    public void A_validated_check_of_another_column_does_not_cover_set_not_null()
    {
        var output = LintRun.NoTransaction(
            "ALTER TABLE recipes ADD CONSTRAINT recipes_name_nn CHECK (name IS NOT NULL) NOT VALID;\n" +
            "ALTER TABLE recipes VALIDATE CONSTRAINT recipes_name_nn;\n" +
            "ALTER TABLE recipes ALTER COLUMN source SET NOT NULL;\n");

        Assert.Equal("ALTER COLUMN source SET NOT NULL", output.TextUnder(output.Single("CDB0105")));
    }

    [Theory]
    [InlineData("ALTER TABLE recipes ALTER COLUMN name TYPE varchar(200)", "ALTER COLUMN name TYPE varchar(200)")]
    [InlineData("ALTER TABLE recipes ALTER name SET DATA TYPE text USING name::text", "ALTER name SET DATA TYPE text USING name::text")]
    public void Changing_a_column_type_of_an_existing_table_is_a_warning(string statement, string subcommand)
    {
        var output = LintRun.Migration(statement + ";\n");

        var diagnostic = output.Single("CDB0106");
        Assert.Equal(subcommand, output.TextUnder(diagnostic));
        Assert.Contains("binary-coercible", diagnostic.GetMessage());
    }

    [Fact]
    public void Changing_a_column_type_of_a_table_created_in_the_same_file_passes()
    {
        var output = LintRun.Migration("CREATE TABLE notes (body varchar(10));\nALTER TABLE notes ALTER COLUMN body TYPE text;\n");

        Assert.Empty(output.Diagnostics);
    }

    [Theory]
    [InlineData("ALTER TABLE recipes ADD COLUMN token uuid DEFAULT gen_random_uuid()", "ADD COLUMN token uuid DEFAULT gen_random_uuid()", "gen_random_uuid() is volatile")]
    [InlineData("ALTER TABLE recipes ADD COLUMN seen_at timestamptz NOT NULL DEFAULT clock_timestamp()", "ADD COLUMN seen_at timestamptz NOT NULL DEFAULT clock_timestamp()", "clock_timestamp() is volatile")]
    [InlineData("ALTER TABLE recipes ADD COLUMN score int DEFAULT app.default_score()", "ADD COLUMN score int DEFAULT app.default_score()", "whose volatility the build cannot see")]
    [InlineData("ALTER TABLE recipes ADD COLUMN number bigserial", "ADD COLUMN number bigserial", "nextval(), is volatile")]
    [InlineData("ALTER TABLE recipes ADD COLUMN number int GENERATED ALWAYS AS IDENTITY", "ADD COLUMN number int GENERATED ALWAYS AS IDENTITY", "identity column")]
    [InlineData("ALTER TABLE recipes ADD COLUMN name_lower text GENERATED ALWAYS AS (lower(name)) STORED", "ADD COLUMN name_lower text GENERATED ALWAYS AS (lower(name)) STORED", "stored generated column")]
    [InlineData("ALTER TABLE recipes SET LOGGED", "SET LOGGED", "SET LOGGED rewrites")]
    [InlineData("ALTER TABLE recipes SET TABLESPACE fast", "SET TABLESPACE fast", "copies every file")]
    [InlineData("CLUSTER recipes USING recipes_pkey", "CLUSTER recipes USING recipes_pkey", "CLUSTER rewrites")]
    [InlineData("REFRESH MATERIALIZED VIEW recipe_stats", "REFRESH MATERIALIZED VIEW recipe_stats", "CONCURRENTLY")]
    public void A_statement_that_rewrites_an_existing_table_is_a_warning(string statement, string located, string reason)
    {
        var output = LintRun.Migration(statement + ";\n");

        var diagnostic = output.Single("CDB0107");
        Assert.Equal(located, output.TextUnder(diagnostic));
        Assert.Contains(reason, diagnostic.GetMessage());
        Assert.Contains("rewritten under ACCESS EXCLUSIVE", diagnostic.GetMessage());
    }

    [Theory]
    [InlineData("ALTER TABLE recipes ADD COLUMN created_at timestamptz NOT NULL DEFAULT now()")]
    [InlineData("ALTER TABLE recipes ADD COLUMN views int NOT NULL DEFAULT 0")]
    [InlineData("ALTER TABLE recipes ADD COLUMN kind text DEFAULT 'cocktail'::text COLLATE \"C\"")]
    [InlineData("ALTER TABLE recipes ADD COLUMN added date DEFAULT CURRENT_DATE")]
    [InlineData("ALTER TABLE recipes ADD COLUMN price numeric(10, 2) DEFAULT '0'::numeric(10, 2)")]
    [InlineData("ALTER TABLE recipes ADD COLUMN meta jsonb DEFAULT jsonb_build_object('v', 1)")]
    [InlineData("ALTER TABLE recipes ADD COLUMN note text")]
    [InlineData("REFRESH MATERIALIZED VIEW CONCURRENTLY recipe_stats")]
    public void Adding_a_column_with_no_default_or_a_non_volatile_one_passes(string statement)
    {
        var output = LintRun.Migration(statement + ";\n");

        Assert.Empty(output.Diagnostics);
    }

    [Theory]
    [InlineData("ALTER TABLE recipes ADD CONSTRAINT recipes_name_key UNIQUE (name)", "ADD CONSTRAINT recipes_name_key UNIQUE (name)", "UNIQUE")]
    [InlineData("ALTER TABLE recipe_tags ADD PRIMARY KEY (recipe_id, tag_id)", "ADD PRIMARY KEY (recipe_id, tag_id)", "PRIMARY KEY")]
    [InlineData("ALTER TABLE recipes ADD COLUMN slug text UNIQUE", "ADD COLUMN slug text UNIQUE", "UNIQUE")]
    public void A_key_that_builds_its_index_under_access_exclusive_is_a_warning(string statement, string located, string what)
    {
        var output = LintRun.Migration(statement + ";\n");

        var diagnostic = output.Single("CDB0108");
        Assert.Equal(located, output.TextUnder(diagnostic));
        Assert.Contains("adding " + what, diagnostic.GetMessage());
        Assert.Contains("USING INDEX", diagnostic.GetMessage());
    }

    [Fact]
    public void A_key_attached_to_an_index_built_concurrently_passes()
    {
        var output = LintRun.Migration("ALTER TABLE recipes ADD CONSTRAINT recipes_name_key UNIQUE USING INDEX recipes_name_key;\n");

        Assert.Empty(output.Diagnostics);
    }

    [Theory]
    [InlineData("DROP TABLE recipes", "DROP TABLE recipes", "drops table recipes")]
    [InlineData("DROP VIEW IF EXISTS recipe_names", "DROP VIEW IF EXISTS recipe_names", "drops view recipe_names")]
    [InlineData("ALTER TABLE recipes DROP COLUMN source", "DROP COLUMN source", "drops column recipes.source")]
    [InlineData("ALTER TABLE recipes RENAME COLUMN source TO origin", "RENAME COLUMN source TO origin", "renames column recipes.source")]
    [InlineData("ALTER TABLE recipes RENAME TO cocktails", "RENAME TO cocktails", "renames recipes")]
    [InlineData("ALTER VIEW recipe_names RENAME TO cocktail_names", "RENAME TO cocktail_names", "renames recipe_names")]
    public void Dropping_or_renaming_what_existed_before_the_migration_is_a_warning(string statement, string located, string what)
    {
        var output = LintRun.Migration(statement + ";\n");

        var diagnostic = output.Single("CDB0109");
        Assert.Equal(located, output.TextUnder(diagnostic));
        Assert.Contains("this statement " + what, diagnostic.GetMessage());
        Assert.Contains("running during the deploy", diagnostic.GetMessage());
    }

    [Fact]
    public void Dropping_what_the_same_file_created_passes()
    {
        var output = LintRun.Migration(
            "CREATE TABLE scratch (id int, tmp text);\nALTER TABLE scratch DROP COLUMN tmp;\nALTER TABLE scratch RENAME TO scratch_done;\nDROP TABLE scratch_done;\n");

        Assert.Empty(output.Diagnostics);
    }

    [Fact]
    public void A_rollback_script_may_drop_what_its_migration_added()
    {
        var output = GeneratorHarness.Run(
            Migration("15_migration_add_source.sql", "ALTER TABLE recipes ADD COLUMN source_url text;\n"),
            Rollback("15_rollback_add_source.sql", "ALTER TABLE recipes DROP COLUMN source_url;\n"));

        Assert.Empty(output.Diagnostics);
    }

    [Fact]
    public void Using_an_enum_value_in_the_transaction_that_added_it_is_a_warning_at_the_literal()
    {
        var output = LintRun.Migration(
            "ALTER TYPE mood ADD VALUE IF NOT EXISTS 'delighted' AFTER 'happy';\n" +
            "ALTER TYPE mood ADD VALUE 'elated' AFTER 'delighted';\n" +
            "UPDATE ratings SET mood = 'delighted' WHERE rating = 5;\n");

        var diagnostic = output.Single("CDB0110");
        Assert.Equal("'delighted'", output.TextUnder(diagnostic));
        Assert.Equal(2, diagnostic.Location.GetLineSpan().StartLinePosition.Line);
        Assert.Contains("unsafe use of new value", diagnostic.GetMessage());
    }

    [Fact]
    public void Using_an_enum_value_added_in_a_no_transaction_file_passes()
    {
        var output = LintRun.NoTransaction(
            "ALTER TYPE mood ADD VALUE 'delighted';\nUPDATE ratings SET mood = 'delighted' WHERE rating = 5;\n");

        Assert.Empty(output.Diagnostics);
    }

    [Fact]
    public void The_schema_file_is_only_ever_loaded_into_an_empty_database_so_table_rules_do_not_apply()
    {
        var output = GeneratorHarness.Run(
            Migration("01_migration_a.sql", "CREATE TABLE recipes (id int);\n"),
            Schema("-- schema-version: 1\nCREATE INDEX recipes_id_idx ON recipes (id);\nALTER TABLE recipes ALTER COLUMN id TYPE bigint;\n"));

        Assert.Empty(output.Diagnostics);
    }

    [Fact]
    public void The_schema_file_still_may_not_hold_a_statement_refused_inside_a_transaction()
    {
        var output = GeneratorHarness.Run(Schema("-- schema-version: 0\nCREATE TABLE recipes (id int);\nVACUUM recipes;\n"));

        Assert.Equal(DiagnosticSeverity.Error, output.Single("CDB0102").Severity);
    }
}
