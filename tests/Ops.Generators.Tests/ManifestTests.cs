using CocktailDb.Ops.Generators.Tests.Infrastructure;
using static CocktailDb.Ops.Generators.Tests.Infrastructure.SqlFile;

namespace CocktailDb.Ops.Generators.Tests;

public class ManifestTests
{
    [Fact]
    public void Migrations_are_embedded_in_numeric_version_order_not_name_order()
    {
        var output = GeneratorHarness.Run(
            Migration("10_c.sql", "SELECT 10;"),
            Migration("2_b.sql", "SELECT 2;"),
            Migration("1_a.sql", "SELECT 1;"));

        var manifest = LoadedManifest.Load(output.Source);
        Assert.Equal([1L, 2L, 10L], manifest.Migrations.Select(m => m.Version));
        Assert.Equal(["1_a.sql", "2_b.sql", "10_c.sql"], manifest.Migrations.Select(m => m.FileName));
    }

    [Fact]
    public void A_zero_padded_version_is_the_same_number()
    {
        var output = GeneratorHarness.Run(
            Migration("009_migration_add_analytics_refresh_state.sql", "SELECT 9;"),
            Migration("10_migration_next.sql", "SELECT 10;"));

        var manifest = LoadedManifest.Load(output.Source);
        Assert.Equal([9L, 10L], manifest.Migrations.Select(m => m.Version));
        Assert.Equal("add analytics refresh state", manifest.Migrations[0].Description);
    }

    [Fact]
    public void A_legacy_top_level_rollback_file_becomes_a_rollback_and_never_an_up_migration()
    {
        var output = GeneratorHarness.Run(
            Migration("13_migration_tags.sql", "CREATE TABLE tags (id int);"),
            Migration("13_rollback_tags.sql", "DROP TABLE tags;"));

        Assert.Empty(output.Diagnostics);
        var manifest = LoadedManifest.Load(output.Source);
        var migration = Assert.Single(manifest.Migrations);
        Assert.Equal("13_migration_tags.sql", migration.FileName);
        var rollback = Assert.Single(manifest.Rollbacks);
        Assert.Equal(13L, rollback.Version);
        Assert.Equal("13_rollback_tags.sql", rollback.FileName);
    }

    [Fact]
    public void Rollbacks_are_ordered_by_version_and_found_by_it()
    {
        var output = GeneratorHarness.Run(
            Migration("1_a.sql", "SELECT 1;"),
            Migration("2_b.sql", "SELECT 2;"),
            Rollback("2_rollback_b.sql", "SELECT -2;"),
            Rollback("1_rollback_a.sql", "SELECT -1;"));

        Assert.Equal([1L, 2L], LoadedManifest.Load(output.Source).Rollbacks.Select(r => r.Version));
    }

    [Fact]
    public void No_input_files_still_emit_empty_arrays_and_no_schema()
    {
        var output = GeneratorHarness.Run();

        Assert.Empty(output.Diagnostics);
        var manifest = LoadedManifest.Load(output.Source);
        Assert.Empty(manifest.Migrations);
        Assert.Empty(manifest.Rollbacks);
        Assert.Null(manifest.Schema);
        Assert.Equal("sha256-lf", manifest.ChecksumAlgorithm);
    }

    [Fact]
    public void Files_that_are_not_sql_or_have_no_kind_metadata_are_ignored()
    {
        var output = GeneratorHarness.Run(
            Migration("README.md", "How to write a migration; not SQL."),
            new SqlFile("/repo/other/notes.sql", "not a migration name, not SQL '", Kind: null),
            new SqlFile("/repo/migrations/2_b.sql", "SELECT 2;", Kind: "something-else"),
            Migration("1_a.sql", "SELECT 1;"));

        Assert.Empty(output.Diagnostics);
        var manifest = LoadedManifest.Load(output.Source);
        Assert.Equal("1_a.sql", Assert.Single(manifest.Migrations).FileName);
        Assert.Empty(manifest.Rollbacks);
    }

    [Fact]
    public void The_no_transaction_marker_on_the_first_line_is_embedded_as_a_flag()
    {
        var output = GeneratorHarness.Run(
            Migration("1_index.sql", "-- CocktailDb:No-Transaction  \nCREATE INDEX CONCURRENTLY i ON t (c);\n"),
            Migration("2_later.sql", "SELECT 1;\n-- cocktaildb:no-transaction\n"));

        var manifest = LoadedManifest.Load(output.Source);
        Assert.True(manifest.Migrations[0].NoTransaction);
        Assert.False(manifest.Migrations[1].NoTransaction);
    }

    [Fact]
    public void The_line_of_the_first_transaction_control_statement_is_embedded()
    {
        var output = GeneratorHarness.Run(
            Migration("1_a.sql", "-- cocktaildb:no-transaction\nSELECT 1;\n\nCOMMIT;\nEND;\n"),
            Migration("2_b.sql", "SELECT 1;\n"));

        var manifest = LoadedManifest.Load(output.Source);
        Assert.Equal(4, manifest.Migrations[0].TransactionControlLine);
        Assert.Equal(0, manifest.Migrations[1].TransactionControlLine);
    }

    [Fact]
    public void What_each_statement_needs_at_run_time_is_decided_by_the_build_and_embedded()
    {
        var output = GeneratorHarness.Run(Migration(
            "1_a.sql",
            """
            -- cocktaildb:no-transaction
            SET search_path = reports, public;
            SET CONSTRAINTS ALL DEFERRED;
            CREATE INDEX CONCURRENTLY IF NOT EXISTS "Visits_At" ON "Reports".visits (at);
            CREATE UNIQUE INDEX CONCURRENTLY ON other.t (c);
            REINDEX SCHEMA reports;
            DISCARD ALL;
            CLUSTER visits USING visits_pkey;
            VACUUM visits;
            COMMIT;
            """));

        Assert.DoesNotContain(output.Diagnostics, d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error);
        Assert.Equal(
            [
                ("SessionSetting", null, null),
                ("None", null, null),
                ("RunsAlone", "\"Reports\".\"visits\"", "Visits_At"),
                ("RunsAlone", "\"other\".\"t\"", ""),
                ("RunsAlone", null, null),
                ("RunsAlone", null, null),
                ("None", null, null),
                ("RunsAlone", null, null),
                ("ControlsTransaction", null, null),
            ],
            Assert.Single(LoadedManifest.Load(output.Source).Migrations).Facts);
    }

    [Fact]
    public void Statements_are_embedded_with_their_first_line_and_the_locks_they_take()
    {
        var output = GeneratorHarness.Run(Migration("1_a.sql", "-- two statements\nCREATE TABLE a (id int);\n\n\nINSERT INTO a\nVALUES (1);\n"));

        var statements = Assert.Single(LoadedManifest.Load(output.Source).Migrations).Statements;
        Assert.Equal([(2, "CREATE TABLE a (id int)", ""), (5, "INSERT INTO a\nVALUES (1)", "ROW EXCLUSIVE on a")], statements);
    }

    [Fact]
    public void The_schema_is_embedded_with_its_declared_version()
    {
        var output = GeneratorHarness.Run(
            Migration("1_a.sql", "SELECT 1;"),
            Schema("-- CocktailDB schema\n--\n-- schema-version: 1\nCREATE TABLE a (id int);\n"));

        Assert.Empty(output.Diagnostics);
        var schema = LoadedManifest.Load(output.Source).Schema;
        Assert.NotNull(schema);
        Assert.Equal(1L, schema.Version);
        Assert.Equal("schema.sql", schema.FileName);
        Assert.Equal([(4, "CREATE TABLE a (id int)", "")], schema.Statements);
    }
}
