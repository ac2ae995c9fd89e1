using CocktailDb.Ops.MSBuild.Tests.Infrastructure;
using CocktailDb.Ops.Tests.Harness;

namespace CocktailDb.Ops.MSBuild.Tests.Targets;

/// <summary>
/// What the Migrate target takes as its settings: -p: properties only (MSBuild would otherwise
/// turn same-named environment variables into properties), paths relative to where dotnet build
/// runs, and a keyword connection string even after MSBuild has split it at ';'.
/// </summary>
[Collection(RepositoryBuildCollection.Name)]
public sealed class SettingsTests(PostgresServer server)
{
    [Fact]
    public async Task Exported_ENV_DryRun_Connection_and_EnvFile_variables_select_nothing_only_the_command_line_does()
    {
        using var remote = new FakeRemote();
        var db = await server.CreateDatabaseAsync();
        var env = remote.Environment(
            ("ENV", "dev"),
            ("DryRun", "true"),
            ("Connection", "postgres://nobody@127.0.0.1:1/nothing"),
            ("EnvFile", "/nonexistent/cocktaildb.env"));
        foreach (var (name, value) in db.Environment())
        {
            env[name] = value;
        }

        var result = await RepositoryBuild.RunAsync("Migrate", ["Env=local"], env);

        // Applied for real, to the database in DB_*, and no host was contacted.
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("running cocktaildb-ops migrate against the DB_* environment variables", result.StdOut);
        Assert.Equal(RepositoryFiles.Migrations.Count, await db.ScalarAsync<long>("SELECT count(*) FROM schema_migrations"));
        Assert.Empty(remote.Invocations());
    }

    [Fact]
    public async Task An_exported_ENV_does_not_pick_an_environment_and_the_error_says_that_only_the_property_does()
    {
        using var remote = new FakeRemote();

        var result = await RepositoryBuild.RunAsync("Migrate", [], remote.Environment(("ENV", "dev")));

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("error OPSB1001: say which database to migrate: dotnet build -t:Migrate -p:Env=<local|dev|prod> (the environment variable ENV=dev is not used: only -p:Env picks the database).", result.StdOut);
        Assert.Empty(remote.Invocations());
    }

    [Fact]
    public async Task A_relative_EnvFile_is_read_from_the_directory_dotnet_build_runs_in()
    {
        var db = await server.CreateDatabaseAsync();
        var dir = Directory.CreateTempSubdirectory("cocktaildb-msbuild-tests-").FullName;
        try
        {
            var envFile = Path.Combine(dir, "dev-db.env");
            File.WriteAllLines(envFile, db.Environment().Select(v => $"{v.Key}={v.Value}"));
            File.SetUnixFileMode(envFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);

            var result = await RepositoryBuild.RunAsync("Migrate", ["Env=local", "EnvFile=dev-db.env"], workingDirectory: dir);

            Assert.True(result.ExitCode == 0, result.ToString());
            Assert.Contains($"running cocktaildb-ops migrate --env-file {envFile} against the DB_* settings in {envFile}", result.StdOut);
            Assert.Equal(RepositoryFiles.Migrations.Count, await db.ScalarAsync<long>("SELECT count(*) FROM schema_migrations"));
            Assert.DoesNotContain(PostgresServer.Password, result.Output);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task A_keyword_connection_string_that_MSBuild_split_at_its_semicolons_is_put_back_together()
    {
        var db = await server.CreateDatabaseAsync();
        // As typed after the shell removed its quotes: MSBuild splits it into four properties.
        var connection = $"Host={server.Host};Port={server.Port};Username=postgres;Database={db.Name}";

        var result = await RepositoryBuild.RunAsync("Migrate", ["Env=local", "Connection=" + connection], new Dictionary<string, string?> { ["DB_PASSWORD"] = PostgresServer.Password });

        Assert.True(result.ExitCode == 0, result.ToString());
        var rejoined = $"Host={server.Host};Port={server.Port};Database={db.Name};Username=postgres";
        Assert.Contains($"MSBuild cut -p:Connection at ';' (it separates properties there); put back together from -p:Port, -p:Database, -p:Username: {rejoined}.", result.StdOut);
        Assert.Contains($"running cocktaildb-ops migrate --connection {rejoined} against -p:Connection (and DB_PASSWORD)", result.StdOut);
        Assert.Contains($"[local] database {db.Name} on {server.Host}:{server.Port} as postgres", result.StdOut);
        Assert.Equal(RepositoryFiles.Migrations.Count, await db.ScalarAsync<long>("SELECT count(*) FROM schema_migrations"));
    }

    [Fact]
    public async Task A_password_in_a_quoted_connection_string_is_refused_under_any_keyword_Npgsql_reads_and_never_shown()
    {
        using var remote = new FakeRemote();
        // Quoted for MSBuild, so it arrives whole; PSW is one of Npgsql's names for the password.
        var result = await RepositoryBuild.RunAsync("Migrate", ["Env=local", "Connection=\"Host=127.0.0.1;Username=ops;PSW=hunter2;Database=c\""], remote.Environment());

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("error OPSB1005: the connection given to migrate contains a password", result.StdOut);
        Assert.DoesNotContain("hunter2", result.Output);
        Assert.Empty(remote.Invocations());
    }
}
