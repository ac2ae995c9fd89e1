using CocktailDb.Ops.Tests.Harness;

namespace CocktailDb.Ops.Tests.Configuration;

/// <summary>The env file Ansible writes for Docker Compose is parsed, never executed.</summary>
[Collection(PostgresCollection.Name)]
public sealed class EnvFileTests(PostgresServer server) : IDisposable
{
    // $, both quotes, #, spaces and non-ASCII: everything a shell would mangle.
    private const string NastyPassword = "p$a'ss\"w #rd é€ x";

    private readonly string _folder = Directory.CreateTempSubdirectory("cocktaildb-env").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private async Task<(TestDatabase Db, string Role)> CreateRoleWithNastyPasswordAsync()
    {
        var db = await server.CreateDatabaseAsync();
        var role = "nasty_" + db.Name;
        await db.ExecuteAsync($"CREATE ROLE {role} LOGIN PASSWORD '{NastyPassword.Replace("'", "''", StringComparison.Ordinal)}'; GRANT ALL ON SCHEMA public TO {role};");
        return (db, role);
    }

    private string WriteEnvFile(string text, UnixFileMode mode)
    {
        var path = Path.Combine(_folder, ".env");
        File.WriteAllText(path, text);
        File.SetUnixFileMode(path, mode);
        return path;
    }

    [Fact]
    public async Task A_password_with_dollars_quotes_hashes_spaces_and_non_ascii_works_from_a_compose_env_file()
    {
        var (db, role) = await CreateRoleWithNastyPasswordAsync();
        var marker = Path.Combine(_folder, "executed");
        var envFile = WriteEnvFile(
            $"""
            # written by Ansible for Docker Compose
            export DB_HOST={server.Host}
            DB_PORT={server.Port}
            DB_USER={role}   # inline comment after an unquoted value
            DB_PASSWORD="p$$a'ss\"w #rd é€ x"
            DB_NAME='{db.Name}'
            NOT_RUN=$(touch {marker})
            """,
            UnixFileMode.UserRead | UnixFileMode.UserWrite);

        var result = await OpsBinary.RunAsync(new Dictionary<string, string?>(), "migrate", "--env-file", envFile);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.False(File.Exists(marker), "the env file was executed");
        Assert.DoesNotContain("warning", result.StdErr);
        Assert.DoesNotContain("p$a", result.Output);
        Assert.Equal(role, await db.ScalarAsync<string>("SELECT tableowner FROM pg_tables WHERE tablename = 'recipes'"));
    }

    [Fact]
    public async Task A_world_readable_env_file_gives_a_warning()
    {
        var db = await server.CreateDatabaseAsync();
        var env = db.Environment();
        var envFile = WriteEnvFile(
            $"DB_HOST={env["DB_HOST"]}\nDB_PORT={env["DB_PORT"]}\nDB_USER=postgres\nDB_PASSWORD={PostgresServer.Password}\nDB_NAME={db.Name}\n",
            UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        var result = await OpsBinary.RunAsync(new Dictionary<string, string?>(), "status", "--env-file", envFile);

        Assert.Equal(7, result.ExitCode); // reachable, migrations pending
        Assert.Contains($"warning: env file {envFile} is readable by every user", result.StdErr);
        Assert.Contains($"chmod o-r {envFile}", result.StdErr);
        Assert.DoesNotContain(PostgresServer.Password, result.Output);
    }

    [Fact]
    public async Task The_env_file_is_read_and_warned_about_once_even_when_a_command_needs_several_settings_from_it()
    {
        var envFile = WriteEnvFile(
            "DB_HOST=127.0.0.1\nDB_PORT=1\nDB_USER=nobody\nDB_PASSWORD=x\nDB_NAME=nothing\nANALYTICS_DEBOUNCE_MINUTES=15\n",
            UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);

        var result = await OpsBinary.RunAsync(new Dictionary<string, string?>(), "debounce", "--run-command", "true", "--env-file", envFile);

        Assert.Equal(5, result.ExitCode); // nothing listens on port 1
        Assert.Single(result.StdErr.Split('\n'), line => line.StartsWith("warning: env file", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Environment_variables_win_over_the_env_file()
    {
        var db = await server.CreateDatabaseAsync();
        var envFile = WriteEnvFile("DB_HOST=127.0.0.2\nDB_PORT=1\nDB_USER=nobody\nDB_PASSWORD=x\nDB_NAME=nothing\n", UnixFileMode.UserRead | UnixFileMode.UserWrite);

        var result = await OpsBinary.RunAsync(db.Environment(), "status", "--env-file", envFile);

        Assert.Equal(7, result.ExitCode);
    }

    [Fact]
    public async Task A_missing_env_file_is_exit_6_naming_it()
    {
        var result = await OpsBinary.RunAsync(new Dictionary<string, string?>(), "status", "--env-file", "/nonexistent/.env");

        Assert.Equal(6, result.ExitCode);
        Assert.Contains("env file /nonexistent/.env does not exist", result.StdErr);
    }
}
