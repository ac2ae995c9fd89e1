using System.Text;

namespace CocktailDb.Ops.MSBuild.Tests.Infrastructure;

/// <summary>
/// What a terminal shows after it has been sent <paramref name="output"/>: the lines the user can
/// read (scrollback and screen as one list), after every cursor move, erase and overwrite. The
/// terminal logger redraws its live status lines many times a second by moving the cursor up
/// and erasing; only what survives that is what the user sees, so tests assert on this and not
/// on the raw bytes. Models what the terminal logger uses of an xterm: carriage return, line
/// feed, autowrap at <paramref name="width"/> (with the wrap deferred until the next character,
/// as xterm does), cursor up/down/left/right/column (CSI A B C D E F G), erase in line and in
/// display (CSI K J); colours, private modes and OSC sequences (hyperlinks, progress) change no text.
/// </summary>
public sealed class TerminalScreen
{
    private readonly List<StringBuilder> _lines = [new()];
    private readonly int _width;
    private int _row;
    private int _column;
    private bool _wrapPending;

    public TerminalScreen(string output, int width)
    {
        _width = width;
        for (var i = 0; i < output.Length;)
        {
            i = output[i] == '\u001b' ? Escape(output, i) : Character(output, i);
        }
    }

    public IReadOnlyList<string> Lines => _lines.Select(l => l.ToString().TrimEnd()).ToList();

    /// <summary>The lines joined with newlines, for assertions and failure messages.</summary>
    public string Text => string.Join("\n", Lines);

    /// <summary>Lines as they were written before the terminal wrapped them: a line that fills the width goes on in the next.</summary>
    public IReadOnlyList<string> LogicalLines
    {
        get
        {
            var logical = new List<string>();
            var current = new StringBuilder();
            foreach (var line in _lines.Select(l => l.ToString()))
            {
                current.Append(line);
                if (line.Length < _width)
                {
                    logical.Add(current.ToString().TrimEnd());
                    current.Clear();
                }
            }

            if (current.Length > 0)
            {
                logical.Add(current.ToString().TrimEnd());
            }

            return logical;
        }
    }

    /// <summary>
    /// The whole screen without any whitespace. The terminal logger breaks a long error message
    /// into chunks of the terminal's width wherever the width ends, even inside a word, and
    /// indents each chunk; comparing without whitespace finds a sentence whatever the breaks.
    /// </summary>
    public string Squeezed => Squeeze(string.Concat(Lines));

    /// <summary>True when <paramref name="text"/> is on the screen, however the terminal logger broke it.</summary>
    public bool Shows(string text) => Squeezed.Contains(Squeeze(text), StringComparison.Ordinal);

    public static string Squeeze(string text) => string.Concat(text.Where(c => !char.IsWhiteSpace(c)));

    private int Character(string output, int i)
    {
        switch (output[i])
        {
            case '\r':
                _column = 0;
                _wrapPending = false;
                break;
            case '\n':
                MoveTo(_row + 1, _column);
                break;
            case '\b':
                MoveTo(_row, _column - 1);
                break;
            case '\t':
                MoveTo(_row, Math.Min(_width - 1, (_column / 8 + 1) * 8));
                break;
            case var c when char.IsControl(c):
                break;
            default:
                Put(output[i]);
                break;
        }

        return i + 1;
    }

    private void Put(char c)
    {
        if (_wrapPending)
        {
            MoveTo(_row + 1, 0);
        }

        var line = Line(_row);
        if (line.Length < _column)
        {
            line.Append(' ', _column - line.Length);
        }

        if (_column < line.Length)
        {
            line[_column] = c;
        }
        else
        {
            line.Append(c);
        }

        if (_column == _width - 1)
        {
            _wrapPending = true;
        }
        else
        {
            _column++;
        }
    }

    private int Escape(string output, int i)
    {
        if (i + 1 >= output.Length)
        {
            return output.Length;
        }

        switch (output[i + 1])
        {
            case '[':
                var end = i + 2;
                while (end < output.Length && !char.IsAsciiLetter(output[end]) && output[end] != '@')
                {
                    end++;
                }

                if (end < output.Length)
                {
                    ControlSequence(output.Substring(i + 2, end - i - 2), output[end]);
                }

                return end + 1;
            case ']':
                // Operating system command: up to BEL or ESC \.
                for (var j = i + 2; j < output.Length; j++)
                {
                    if (output[j] == '\u0007')
                    {
                        return j + 1;
                    }

                    if (output[j] == '\u001b' && j + 1 < output.Length && output[j + 1] == '\\')
                    {
                        return j + 2;
                    }
                }

                return output.Length;
            default:
                return i + 2;
        }
    }

    private void ControlSequence(string parameters, char command)
    {
        if (parameters.StartsWith('?') || command == 'm')
        {
            return;
        }

        var n = int.TryParse(parameters, out var value) ? value : 0;
        var count = Math.Max(1, n);
        switch (command)
        {
            case 'A':
                MoveTo(_row - count, _column);
                break;
            case 'B':
                MoveTo(_row + count, _column);
                break;
            case 'C':
                MoveTo(_row, _column + count);
                break;
            case 'D':
                MoveTo(_row, _column - count);
                break;
            case 'E':
                MoveTo(_row + count, 0);
                break;
            case 'F':
                MoveTo(_row - count, 0);
                break;
            case 'G':
                MoveTo(_row, count - 1);
                break;
            case 'K':
                EraseInLine(n);
                break;
            case 'J':
                EraseInDisplay(n);
                break;
        }
    }

    private void MoveTo(int row, int column)
    {
        _row = Math.Max(0, row);
        _column = Math.Clamp(column, 0, _width - 1);
        _wrapPending = false;
        Line(_row);
    }

    private void EraseInLine(int mode)
    {
        var line = Line(_row);
        if (mode == 0)
        {
            line.Length = Math.Min(line.Length, _column);
        }
        else if (mode == 2)
        {
            line.Clear();
        }
    }

    private void EraseInDisplay(int mode)
    {
        if (mode == 0)
        {
            EraseInLine(0);
            _lines.RemoveRange(_row + 1, _lines.Count - _row - 1);
        }
    }

    private StringBuilder Line(int row)
    {
        while (_lines.Count <= row)
        {
            _lines.Add(new StringBuilder());
        }

        return _lines[row];
    }
}
