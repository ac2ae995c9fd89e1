using System;
using System.Collections.Generic;
using CocktailDb.Ops.Generators.Models;

namespace CocktailDb.Ops.Generators;

/// <summary>
/// Splits PostgreSQL script text into statements at top-level semicolons. It follows the
/// server's lexer closely enough that a ';' inside a string, quoted identifier, comment,
/// dollar quote or SQL-standard function body never ends a statement
/// (PostgreSQL manual, "Lexical Structure", and CREATE FUNCTION's sql_body). Like psql, it
/// also keeps a ';' inside parentheses, as in a rule's DO ALSO (INSERT ...; INSERT ...).
/// </summary>
internal static class SqlSplitter
{
    /// <summary>Splits normalised text (LF line ends). Pure: the same text always gives the same result.</summary>
    public static SplitResult Split(string text)
    {
        var scanner = new Scanner(text);
        scanner.Run();
        return new SplitResult(
            new EquatableArray<SplitStatement>(scanner.Statements.ToArray()),
            new EquatableArray<SqlSyntaxError>(scanner.Errors.ToArray()));
    }

    private sealed class Scanner
    {
        private readonly string _text;
        private readonly List<int> _lineStarts = new() { 0 };
        private int _pos;

        // Per statement. Reset by EndStatement.
        private int _statementStart = -1;
        private int _lastTokenEnd = -1;
        private int _tokenCount;
        private string? _firstWord;
        private string? _secondWord;

        // The previous significant token when it was a word: BEGIN directly before ATOMIC opens a body.
        private string? _previousWord;
        private int _previousWordStart;

        // Inside BEGIN ATOMIC ... END. Semicolons there belong to the function body. CASE ... END
        // nests inside it, so count every CASE and END until the body's own END.
        private int _atomicDepth;
        private int _atomicStart;
        private int _atomicLength;

        private int _parenDepth;

        public Scanner(string text)
        {
            _text = text;
            for (var i = 0; i < text.Length; i++)
            {
                if (text[i] == '\n')
                {
                    _lineStarts.Add(i + 1);
                }
            }
        }

        public List<SplitStatement> Statements { get; } = new();

        public List<SqlSyntaxError> Errors { get; } = new();

        public void Run()
        {
            var text = _text;
            while (_pos < text.Length)
            {
                var c = text[_pos];
                if (char.IsWhiteSpace(c))
                {
                    _pos++;
                    continue;
                }

                if (c == '-' && Peek(1) == '-')
                {
                    var end = text.IndexOf('\n', _pos);
                    _pos = end < 0 ? text.Length : end;
                    continue;
                }

                if (c == '/' && Peek(1) == '*')
                {
                    SkipBlockComment();
                    continue;
                }

                if (c == ';' && _atomicDepth == 0 && _parenDepth == 0)
                {
                    EndStatement();
                    _pos++;
                    continue;
                }

                var tokenStart = _pos;
                if (_statementStart < 0)
                {
                    _statementStart = tokenStart;
                }

                string? word = null;
                if (c == '\'')
                {
                    SkipQuoted('\'', backslashEscapes: false, SqlSyntaxErrorKind.UnterminatedString);
                }
                else if (c == '"')
                {
                    SkipQuoted('"', backslashEscapes: false, SqlSyntaxErrorKind.UnterminatedQuotedIdentifier);
                }
                else if (c == '$')
                {
                    SkipDollar();
                }
                else if (IsIdentifierStart(c))
                {
                    while (_pos < text.Length && IsIdentifierPart(text[_pos]))
                    {
                        _pos++;
                    }

                    // E'...' is the one string form where a backslash escapes the quote. The E must
                    // be a word of its own: in table'x' the quote follows an identifier.
                    if (_pos - tokenStart == 1 && (c == 'E' || c == 'e') && Peek(0) == '\'')
                    {
                        SkipQuoted('\'', backslashEscapes: true, SqlSyntaxErrorKind.UnterminatedString);
                    }
                    else
                    {
                        word = text.Substring(tokenStart, _pos - tokenStart);
                    }
                }
                else if (c >= '0' && c <= '9')
                {
                    while (_pos < text.Length && (char.IsLetterOrDigit(text[_pos]) || text[_pos] == '_' || text[_pos] == '.'))
                    {
                        _pos++;
                    }
                }
                else
                {
                    // A stray ')' must not make the depth negative and hide every later ';'.
                    if (c == '(')
                    {
                        _parenDepth++;
                    }
                    else if (c == ')' && _parenDepth > 0)
                    {
                        _parenDepth--;
                    }

                    _pos++;
                }

                OnToken(word, tokenStart);
                _lastTokenEnd = _pos;
            }

            if (_atomicDepth > 0)
            {
                Errors.Add(new SqlSyntaxError(
                    SqlSyntaxErrorKind.UnterminatedAtomicBody,
                    _atomicStart,
                    _atomicLength,
                    text.Substring(_atomicStart, _atomicLength)));
            }

            EndStatement();
        }

        private char Peek(int offset)
        {
            var i = _pos + offset;
            return i < _text.Length ? _text[i] : '\0';
        }

        private void OnToken(string? word, int start)
        {
            _tokenCount++;
            if (_tokenCount == 1)
            {
                _firstWord = word;
            }
            else if (_tokenCount == 2)
            {
                _secondWord = word;
            }

            if (word is null)
            {
                _previousWord = null;
                return;
            }

            if (_atomicDepth > 0)
            {
                if (Is(word, "CASE"))
                {
                    _atomicDepth++;
                }
                else if (Is(word, "END"))
                {
                    _atomicDepth--;
                }
            }
            else if (Is(word, "ATOMIC") && _previousWord is not null && Is(_previousWord, "BEGIN"))
            {
                _atomicDepth = 1;
                _atomicStart = _previousWordStart;
                _atomicLength = _pos - _previousWordStart;
            }

            _previousWord = word;
            _previousWordStart = start;
        }

        private void EndStatement()
        {
            if (_statementStart >= 0)
            {
                var length = _lastTokenEnd - _statementStart;
                Statements.Add(new SplitStatement(
                    _statementStart,
                    length,
                    LineOf(_statementStart),
                    _text.Substring(_statementStart, length),
                    TransactionKeyword()));
            }

            _statementStart = -1;
            _lastTokenEnd = -1;
            _tokenCount = 0;
            _firstWord = null;
            _secondWord = null;
            _previousWord = null;
            _atomicDepth = 0;
            _parenDepth = 0;
        }

        // Statement level only: a plpgsql BEGIN ... END sits inside a dollar quote, and a
        // SQL-standard body starts with BEGIN ATOMIC, neither of which touches the transaction.
        // ROLLBACK TO [SAVEPOINT] stays inside the transaction, so it is allowed.
        private string? TransactionKeyword()
        {
            var first = _firstWord;
            if (first is null)
            {
                return null;
            }

            if (Is(first, "BEGIN"))
            {
                return _secondWord is not null && Is(_secondWord, "ATOMIC") ? null : "BEGIN";
            }

            if (Is(first, "START"))
            {
                return _secondWord is not null && Is(_secondWord, "TRANSACTION") ? "START TRANSACTION" : null;
            }

            if (Is(first, "ROLLBACK"))
            {
                return _secondWord is not null && Is(_secondWord, "TO") ? null : "ROLLBACK";
            }

            if (Is(first, "COMMIT") || Is(first, "END") || Is(first, "ABORT"))
            {
                return first.ToUpperInvariant();
            }

            return null;
        }

        private void SkipQuoted(char quote, bool backslashEscapes, SqlSyntaxErrorKind kindIfOpen)
        {
            var text = _text;
            var open = _pos;
            var i = _pos + 1;
            while (i < text.Length)
            {
                var c = text[i];
                if (backslashEscapes && c == '\\')
                {
                    i += 2;
                    continue;
                }

                if (c == quote)
                {
                    // A doubled quote is the quote character itself, in every string form.
                    if (i + 1 < text.Length && text[i + 1] == quote)
                    {
                        i += 2;
                        continue;
                    }

                    _pos = i + 1;
                    return;
                }

                i++;
            }

            Errors.Add(new SqlSyntaxError(kindIfOpen, open, 1, quote.ToString()));
            _pos = text.Length;
        }

        private void SkipBlockComment()
        {
            // Unlike C, PostgreSQL block comments nest.
            var text = _text;
            var open = _pos;
            var depth = 1;
            var i = _pos + 2;
            while (i < text.Length)
            {
                if (text[i] == '/' && i + 1 < text.Length && text[i + 1] == '*')
                {
                    depth++;
                    i += 2;
                }
                else if (text[i] == '*' && i + 1 < text.Length && text[i + 1] == '/')
                {
                    i += 2;
                    if (--depth == 0)
                    {
                        _pos = i;
                        return;
                    }
                }
                else
                {
                    i++;
                }
            }

            Errors.Add(new SqlSyntaxError(SqlSyntaxErrorKind.UnterminatedBlockComment, open, 2, "/*"));
            _pos = text.Length;
        }

        private void SkipDollar()
        {
            var text = _text;
            var open = _pos;
            var i = _pos + 1;

            // $1, $2: positional parameters, not quotes.
            if (i < text.Length && text[i] >= '0' && text[i] <= '9')
            {
                while (i < text.Length && text[i] >= '0' && text[i] <= '9')
                {
                    i++;
                }

                _pos = i;
                return;
            }

            // The tag follows identifier rules, except that it cannot contain '$'.
            if (i < text.Length && IsIdentifierStart(text[i]))
            {
                while (i < text.Length && IsIdentifierPart(text[i]) && text[i] != '$')
                {
                    i++;
                }
            }

            if (i >= text.Length || text[i] != '$')
            {
                _pos = open + 1;
                return;
            }

            var tag = text.Substring(open, i - open + 1);
            var close = text.IndexOf(tag, i + 1, StringComparison.Ordinal);
            if (close < 0)
            {
                Errors.Add(new SqlSyntaxError(SqlSyntaxErrorKind.UnterminatedDollarQuote, open, tag.Length, tag));
                _pos = text.Length;
                return;
            }

            _pos = close + tag.Length;
        }

        private int LineOf(int offset)
        {
            var index = _lineStarts.BinarySearch(offset);
            return (index >= 0 ? index : ~index - 1) + 1;
        }

        private static bool Is(string word, string keyword) =>
            string.Equals(word, keyword, StringComparison.OrdinalIgnoreCase);

        // PostgreSQL treats every byte >= 0x80 as a letter in identifiers.
        private static bool IsIdentifierStart(char c) =>
            (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= '\u0080';

        private static bool IsIdentifierPart(char c) =>
            IsIdentifierStart(c) || (c >= '0' && c <= '9') || c == '$';
    }
}
