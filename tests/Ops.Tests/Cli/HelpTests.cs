using CocktailDb.Ops.Tests.Harness;

namespace CocktailDb.Ops.Tests.Cli;

/// <summary>--help of the published binary reads like a hand-written tool's.</summary>
public sealed class HelpTests
{
    [Fact]
    public async Task The_command_list_names_the_program_in_usage_and_fits_80_columns()
    {
        var result = await OpsBinary.RunAsync("--help");

        Assert.Equal(0, result.ExitCode);
        var lines = result.StdOut.TrimEnd().Split('\n');
        Assert.Equal("Usage: cocktaildb-ops <command> [options]", lines[0]);
        Assert.Contains("  migrate        Apply pending migrations in version order, each with its ledger", lines);
        Assert.Contains("Run 'cocktaildb-ops <command> --help' for the options of a command.", lines);
        Assert.All(lines, l => Assert.True(l.Length <= 80, $"longer than 80 columns: {l}"));
    }

    [Theory]
    [InlineData("migrate", "  --lock-timeout <duration> How long to wait for another runner's", "migration lock, e.g. 90s or 5m. (default")]
    [InlineData("migrate", "  --target <version> Apply pending migrations up to this version", "only.")]
    [InlineData("migrate", "  --statement-timeout <duration> How long one statement may run", "(statement_timeout), e.g. 5m. (default none)")]
    [InlineData("migrate", "  --env-file <file>          KEY=VALUE file with DB_* settings (default", null)]
    [InlineData("baseline", "  --version <version>        The newest migration the database already contains.", "(required)")]
    [InlineData("debounce", "  --retry-delay <duration> The wait after a failed refresh before the next", "try; consecutive failures double it. (default 5m)")]
    [InlineData("debounce", "  --max-wait <duration>      Refresh at the latest this long after the oldest", "unprocessed change. (default 2h)")]
    public async Task Options_show_what_to_type_and_their_defaults_in_words(string command, string line, string? next)
    {
        var result = await OpsBinary.RunAsync(command, "--help");

        Assert.Equal(0, result.ExitCode);
        var lines = result.StdOut.Split('\n');
        Assert.Equal($"Usage: cocktaildb-ops {command} [options]", lines[0]);
        // The description column moves with the longest option; compare with single spaces.
        var at = Array.FindIndex(lines, l => SingleSpaced(l) == SingleSpaced(line));
        Assert.True(at > 0, $"'{line}' not in:\n{result.StdOut}");
        if (next is not null)
        {
            Assert.Equal(next, lines[at + 1].Trim());
        }

        static string SingleSpaced(string text) => string.Join(' ', text.Split(' ', StringSplitOptions.RemoveEmptyEntries));
    }

    [Theory]
    [InlineData("migrate")]
    [InlineData("status")]
    [InlineData("baseline")]
    [InlineData("rollback")]
    [InlineData("debounce")]
    [InlineData("list")]
    public async Task No_command_shows_CSharp_types_literals_or_empty_defaults(string command)
    {
        var result = await OpsBinary.RunAsync(command, "--help");

        Assert.Equal(0, result.ExitCode);
        Assert.DoesNotMatch(@"<(string|long|int|bool)\??>", result.StdOut);
        Assert.DoesNotContain("@\"", result.StdOut);
        Assert.DoesNotContain("[Default", result.StdOut);
        Assert.DoesNotContain("[--version]", result.StdOut);
        Assert.All(result.StdOut.Split('\n'), l => Assert.True(l.Length <= 80, $"longer than 80 columns: {l}"));
    }
}
