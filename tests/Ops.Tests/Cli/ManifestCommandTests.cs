using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CocktailDb.Ops.Tests.Harness;

namespace CocktailDb.Ops.Tests.Cli;

/// <summary>The published binary describes what it carries, without a database.</summary>
public sealed class ManifestCommandTests
{
    private static string Migration09Sha256()
    {
        var text = File.ReadAllText(Path.Combine(TestEnvironment.RepoRoot, "migrations", "09_migration_add_analytics_refresh_state.sql"));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.Replace("\r\n", "\n"))));
    }

    [Fact]
    public async Task List_shows_migration_9_with_the_sha256_of_its_lf_text()
    {
        var result = await OpsBinary.RunAsync("list");

        Assert.Equal(0, result.ExitCode);
        var line = Assert.Single(result.StdOut.Split('\n'), l => l.Contains("09_migration_add_analytics_refresh_state.sql"));
        Assert.Contains(Migration09Sha256(), line);
        Assert.Matches(@"^\s*9\s+single\s", line);
    }

    [Fact]
    public async Task List_json_is_machine_readable()
    {
        var result = await OpsBinary.RunAsync("list", "--json");

        Assert.Equal(0, result.ExitCode);
        using var doc = JsonDocument.Parse(result.StdOut);
        var migration = Assert.Single(doc.RootElement.GetProperty("migrations").EnumerateArray(), m => m.GetProperty("version").GetInt64() == 9);
        Assert.Equal(Migration09Sha256(), migration.GetProperty("sha256").GetString());
        Assert.Equal("single", migration.GetProperty("transaction").GetString());
        Assert.Equal("sha256-lf", doc.RootElement.GetProperty("checksumAlgorithm").GetString());
        Assert.Matches("^[0-9a-f]{64}$", doc.RootElement.GetProperty("manifestHash").GetString());
    }

    [Fact]
    public async Task Version_reports_build_version_manifest_hash_and_migration_count()
    {
        var list = await OpsBinary.RunAsync("list", "--json");
        using var manifest = JsonDocument.Parse(list.StdOut);
        var result = await OpsBinary.RunAsync("version", "--json");

        Assert.Equal(0, result.ExitCode);
        using var doc = JsonDocument.Parse(result.StdOut);
        Assert.Equal(manifest.RootElement.GetProperty("manifestHash").GetString(), doc.RootElement.GetProperty("manifestHash").GetString());
        Assert.Equal(manifest.RootElement.GetProperty("migrations").GetArrayLength(), doc.RootElement.GetProperty("migrations").GetInt32());
        Assert.StartsWith("0.", doc.RootElement.GetProperty("version").GetString());
    }

    [Theory]
    [InlineData("migrat")]
    [InlineData("help-me")]
    [InlineData("--bogus")]
    public async Task An_unknown_command_is_a_usage_error_with_exit_code_2(string command)
    {
        var result = await OpsBinary.RunAsync(command);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"unknown command '{command}'", result.StdErr);
    }

    [Fact]
    public async Task No_command_at_all_is_a_usage_error()
    {
        var result = await OpsBinary.RunAsync();

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--help", result.StdErr);
    }

    [Fact]
    public async Task An_unknown_option_is_a_usage_error_naming_the_option()
    {
        var result = await OpsBinary.RunAsync("list", "--jsno");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--jsno", result.StdErr);
        Assert.Contains("list --help", result.StdErr);
    }

    [Fact]
    public async Task Help_lists_the_commands_and_exits_0()
    {
        var result = await OpsBinary.RunAsync("--help");

        Assert.Equal(0, result.ExitCode);
        foreach (var command in new[] { "migrate", "status", "verify", "baseline", "rollback", "list", "version", "debounce" })
        {
            Assert.Matches($@"\n  {command}\s", result.StdOut);
        }

        Assert.Contains("Exit codes: 0 ok, 1 failed, 2 usage, 3 drift", result.StdOut);
    }

    [Theory]
    [InlineData("migrate", "--lock-timeout")]
    [InlineData("status", "--json")]
    [InlineData("verify", "--env-file")]
    [InlineData("baseline", "--version")]
    [InlineData("rollback", "--version")]
    [InlineData("debounce", "--quiet-period")]
    public async Task Each_database_command_explains_its_options_and_exit_codes(string command, string option)
    {
        var result = await OpsBinary.RunAsync(command, "--help");

        // Help is wrapped at 80 columns: read it with each line break as a space.
        var text = string.Join(" ", result.StdOut.Split('\n', StringSplitOptions.TrimEntries));
        Assert.Equal(0, result.ExitCode);
        Assert.Contains(option, text);
        Assert.Contains("Exit codes:", text);
        Assert.Contains("5 cannot connect", text);
    }
}
