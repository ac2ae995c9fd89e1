using System.Text.Json;
using CocktailDb.Ops.Tests.Harness;

namespace CocktailDb.Ops.Tests.Build;

/// <summary>
/// The real build of src/Ops.Aot with a migrations folder of the test's own
/// (-p:MigrationsDir): what is embedded follows the folder, and bad files fail the build.
/// </summary>
public sealed class EmbeddingBuildTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("cocktaildb-build").FullName;

    private string Migrations => Path.Combine(_root, "migrations");

    public EmbeddingBuildTests() => Directory.CreateDirectory(Migrations);

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private void Write(string name, string sql) => File.WriteAllText(Path.Combine(Migrations, name), sql);

    private Task<ProcessResult> BuildAsync() => Dotnet.RunAsync(
        ["build", "src/Ops.Aot/Ops.Aot.csproj", "-nologo", "--artifacts-path", Path.Combine(_root, "artifacts"),
         $"-p:MigrationsDir={Migrations}", $"-p:SchemaFile={Path.Combine(_root, "none.sql")}"],
        TimeSpan.FromMinutes(5));

    private async Task<string[]> EmbeddedFilesAsync()
    {
        var dll = Directory.GetFiles(Path.Combine(_root, "artifacts", "bin"), "cocktaildb-ops.dll", SearchOption.AllDirectories).Single();
        var list = await ProcessRunner.RunAsync("dotnet", [dll, "list", "--json"]);
        Assert.True(list.ExitCode == 0, list.ToString());
        using var doc = JsonDocument.Parse(list.StdOut);
        return doc.RootElement.GetProperty("migrations").EnumerateArray().Select(m => m.GetProperty("file").GetString()!).ToArray();
    }

    [Fact]
    public async Task Migrations_are_embedded_in_numeric_order_and_adding_editing_or_deleting_a_file_changes_the_next_build()
    {
        Write("1_a.sql", "CREATE TABLE a (id int);");
        Write("2_b.sql", "CREATE TABLE b (id int);");
        Write("10_c.sql", "CREATE TABLE c (id int);");

        Assert.Equal(0, (await BuildAsync()).ExitCode);
        Assert.Equal(["1_a.sql", "2_b.sql", "10_c.sql"], await EmbeddedFilesAsync());

        Write("11_d.sql", "CREATE TABLE d (id int);");
        Assert.Equal(0, (await BuildAsync()).ExitCode);
        Assert.Equal(["1_a.sql", "2_b.sql", "10_c.sql", "11_d.sql"], await EmbeddedFilesAsync());

        File.Delete(Path.Combine(Migrations, "2_b.sql"));
        Assert.Equal(0, (await BuildAsync()).ExitCode);
        Assert.Equal(["1_a.sql", "10_c.sql", "11_d.sql"], await EmbeddedFilesAsync());
    }

    [Fact]
    public async Task A_duplicate_version_or_a_bad_name_fails_the_build_naming_the_diagnostic_and_the_file()
    {
        Write("1_a.sql", "CREATE TABLE a (id int);");
        Write("01_again.sql", "CREATE TABLE again (id int);");
        Write("add_things.sql", "CREATE TABLE things (id int);");

        var result = await BuildAsync();

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("error CDB0002", result.Output);
        Assert.Contains("error CDB0001", result.Output);
        Assert.Contains("add_things.sql", result.Output);
    }
}
