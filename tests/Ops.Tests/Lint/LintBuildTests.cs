using CocktailDb.Ops.Tests.Harness;

namespace CocktailDb.Ops.Tests.Lint;

/// <summary>
/// The lint in the real build of src/Ops.Aot with another project's migrations folder: its
/// findings reach the build output with file, line, id and the fix; warnings stay warnings
/// there (legacy projects must still build), errors fail the build.
/// </summary>
public sealed class LintBuildTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("cocktaildb-lint").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task Risky_ddl_is_a_warning_in_the_build_output_and_a_statement_refused_in_a_transaction_fails_the_build()
    {
        var migrations = Directory.CreateDirectory(Path.Combine(_root, "migrations")).FullName;
        File.WriteAllText(Path.Combine(migrations, "1_tables.sql"), "CREATE TABLE recipes (id int, name text);\n");
        File.WriteAllText(Path.Combine(migrations, "2_index.sql"), "-- speeds up search\nCREATE INDEX recipes_name_idx ON recipes (name);\n");
        File.WriteAllText(Path.Combine(migrations, "3_vacuum.sql"), "ANALYZE recipes;\n\nVACUUM recipes;\n");

        var build = await Dotnet.RunAsync(
            ["build", "src/Ops.Aot/Ops.Aot.csproj", "-nologo", "--artifacts-path", Path.Combine(_root, "artifacts"),
             $"-p:MigrationsDir={migrations}", $"-p:SchemaFile={Path.Combine(_root, "none.sql")}"],
            TimeSpan.FromMinutes(5));

        Assert.NotEqual(0, build.ExitCode);
        Assert.Matches(@"2_index\.sql\(2,1\): warning CDB0101: '2_index\.sql': CREATE INDEX on recipes takes a SHARE lock", build.Output);
        Assert.Matches(@"3_vacuum\.sql\(3,1\): error CDB0102: '3_vacuum\.sql': VACUUM cannot run inside a transaction block", build.Output);
        Assert.DoesNotContain("error CDB0101", build.Output);
    }
}
