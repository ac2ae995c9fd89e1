namespace CocktailDb.Ops.MSBuild.Tests.Infrastructure;

/// <summary>The screen model the terminal tests rely on renders what an xterm would.</summary>
public sealed class TerminalScreenTests
{
    [Fact]
    public void Lines_redrawn_in_place_leave_only_what_was_last_written()
    {
        // A status line, redrawn twice (cursor up one line, erase to the end), then a final line.
        const string output = "kept\r\n  building (0.1s)\r\n\u001b[1F\u001b[J  building (0.2s)\r\n\u001b[1F\u001b[J\u001b[32;1mdone\u001b[m\r\n";

        var screen = new TerminalScreen(output, 40);

        Assert.Equal(["kept", "done", ""], screen.Lines);
    }

    [Fact]
    public void A_line_longer_than_the_width_wraps_and_is_read_back_whole()
    {
        var screen = new TerminalScreen("0123456789abc\r\nnext\u001b]8;;file:///x\u001b\\link\u001b]8;;\u001b\\\r\n", 10);

        Assert.Equal(["0123456789", "abc", "nextlink", ""], screen.Lines);
        Assert.Equal(["0123456789abc", "nextlink", ""], screen.LogicalLines);
        Assert.True(screen.Shows("6789 abc"));
    }

    [Fact]
    public void A_full_line_followed_by_a_carriage_return_does_not_wrap()
    {
        var screen = new TerminalScreen("0123456789\r\nx\u001b[5G\u001b[2Dy", 10);

        Assert.Equal(["0123456789", "x y"], screen.Lines);
    }
}
