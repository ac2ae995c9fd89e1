using CocktailDb.Ops.MSBuild.Migration;

namespace CocktailDb.Ops.MSBuild.Tests.Tasks;

/// <summary>The end of a migrate run turned into one build error: the tool's words, the file it names, the code for its exit.</summary>
public sealed class MigrateExitTests : IDisposable
{
    private readonly string _migrations = Directory.CreateTempSubdirectory("cocktaildb-msbuild-tests-").FullName;

    public MigrateExitTests()
    {
        File.WriteAllText(Path.Combine(_migrations, "09_migration_a.sql"), "SELECT 1;\n");
        File.WriteAllText(Path.Combine(_migrations, "14_migration_b.sql"), "SELECT 1;\n");
    }

    public void Dispose() => Directory.Delete(_migrations, recursive: true);

    private MigrationSources Sources => new(_migrations, "/nonexistent/schema.sql");

    [Fact]
    public void A_failed_statement_points_at_its_file_and_line_and_quotes_the_tool()
    {
        string[] output =
        [
            "database cocktaildb on db:5432 as ops",
            "error: 14_migration_b.sql, statement 2 of 3 (line 7): relation \"recipes\" does not exist [42P01]; nothing from this file was applied",
        ];

        var error = MigrateExit.ToError(1, output, "on the local database", "the DB_* environment variables", Sources)!;

        Assert.Equal("OPSB2001", error.Code);
        Assert.Equal(Path.Combine(_migrations, "14_migration_b.sql"), error.File);
        Assert.Equal(7, error.Line);
        Assert.StartsWith("migrate failed on the local database (exit 1): 14_migration_b.sql, statement 2 of 3 (line 7): relation \"recipes\" does not exist [42P01]", error.Message);
    }

    [Fact]
    public void Drift_points_at_the_first_drifted_file_and_keeps_every_line_the_tool_printed()
    {
        string[] output =
        [
            "error: applied migrations no longer match their files, so nothing was applied:",
            "  09_migration_a.sql: applied 0000, file now 1111",
            "  14_migration_b.sql: applied 2222, file now 3333",
            "Applied migrations must not be edited: restore the file and put the change in a new migration.",
        ];

        var error = MigrateExit.ToError(3, output, "on dev (ec2-user@h)", "x", Sources)!;

        Assert.Equal("OPSB2003", error.Code);
        Assert.Equal(Path.Combine(_migrations, "09_migration_a.sql"), error.File);
        Assert.Equal(0, error.Line);
        Assert.Contains("  14_migration_b.sql: applied 2222, file now 3333\n", error.Message);
    }

    [Fact]
    public void A_migration_that_controls_transactions_points_at_that_line()
    {
        string[] output = ["error: nothing was applied: 14_migration_b.sql line 3 controls transactions itself (BEGIN/COMMIT/ROLLBACK/END)"];

        var error = MigrateExit.ToError(1, output, "on the local database", "x", Sources)!;

        Assert.Equal((Path.Combine(_migrations, "14_migration_b.sql"), 3), (error.File, error.Line));
    }

    [Fact]
    public void A_file_this_machine_does_not_have_and_a_message_without_a_file_point_nowhere()
    {
        var unknown = MigrateExit.ToError(1, ["error: 15_migration_new.sql, statement 1 of 1 (line 1): syntax error [42601]; x"], "here", "x", Sources)!;
        var timeout = MigrateExit.ToError(4, ["waiting for the migrations lock", "error: timed out after 60s waiting for the migrations lock, held by pid 7 (cocktaildb-ops migrate on ip-1, 10.0.0.7)"], "here", "x", Sources)!;

        Assert.Null(unknown.File);
        Assert.Equal("OPSB2004", timeout.Code);
        Assert.Null(timeout.File);
        Assert.Contains("(exit 4): timed out after 60s waiting for the migrations lock, held by pid 7", timeout.Message);
    }

    [Fact]
    public void Without_an_error_message_the_build_error_still_names_the_exit_and_what_to_do()
    {
        var error = MigrateExit.ToError(5, ["Segmentation fault"], "on the local database", "the DB_* environment variables", Sources)!;

        Assert.Equal("OPSB2005", error.Code);
        Assert.Equal("cannot connect to the database on the local database (exit 5). Check that PostgreSQL is running and that the DB_* environment variables point at it.", error.Message);
        Assert.Null(MigrateExit.ToError(0, [], "here", "x", Sources));
    }
}
