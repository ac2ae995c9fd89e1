using CocktailDb.Ops.MSBuild.Processes;
using CocktailDb.Ops.MSBuild.Tasks;
using CocktailDb.Ops.Tests.Harness;

namespace CocktailDb.Ops.MSBuild.Tests.Tasks;

public sealed class ShellWordsTests
{
    [Fact]
    public void MigrateArgs_split_like_shell_words_without_expanding_anything()
    {
        Assert.Equal(["--target", "12", "--lock-timeout", "5m"], ShellWords.Split("  --target 12\t--lock-timeout   5m "));
        Assert.Equal(["--connection", "Host=db; Database=cocktail db"], ShellWords.Split("--connection 'Host=db; Database=cocktail db'"));
        Assert.Equal(["say \"hi\"", "$HOME", "a b"], ShellWords.Split("\"say \\\"hi\\\"\" '$HOME' a\\ b"));
        Assert.Empty(ShellWords.Split("   "));
    }

    [Fact]
    public void An_unclosed_quote_in_MigrateArgs_is_an_error_naming_the_property()
    {
        var error = Assert.Throws<OpsBuildException>(() => ShellWords.Split("--target '12"));

        Assert.Equal("OPSB1004", error.Code);
        Assert.Contains("MigrateArgs has an unclosed ' quote", error.Message);
    }

    [Fact]
    public async Task Quoted_words_reach_a_real_shell_exactly_as_they_were_with_nothing_executed()
    {
        var marker = Path.Combine(Path.GetTempPath(), "cocktaildb-quote-" + Guid.NewGuid().ToString("N"));
        string[] words = ["plain", "two words", "it's", "$(touch " + marker + ")", "`touch " + marker + "`", "a;b&&c|d", "*", "", "new\nline", "\"dq\""];

        // The same path as a remote command: one string, parsed by sh, each word printed back.
        var result = await ProcessRunner.RunAsync("sh", ["-c", "printf '%s\\0' " + ShellWords.Join(words)]);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(words, result.StdOut.Split('\0')[..^1]);
        Assert.False(File.Exists(marker));
    }
}
