using System;
using System.Collections.Generic;
using CocktailDb.Ops.Generators.Models;

namespace CocktailDb.Ops.Generators;

/// <summary>
/// Cuts PostgreSQL script text into tokens, following the server's lexer closely enough that a
/// string, quoted identifier, comment or dollar quote is always one token (PostgreSQL manual,
/// "Lexical Structure"). Both the statement splitter and the DDL lint read text through it, so
/// they can never disagree about where a string or a comment ends.
/// </summary>
internal sealed class SqlLexer
{
    private readonly string _text;
    private int _pos;

    public SqlLexer(string text) => _text = text;

    /// <summary>Text left open at the end: an unterminated string, comment or dollar quote.</summary>
    public List<SqlSyntaxError> Errors { get; } = new();

    /// <summary>Every token of <paramref name="text"/>, comments included.</summary>
    public static List<SqlToken> Tokenize(string text)
    {
        var lexer = new SqlLexer(text);
        var tokens = new List<SqlToken>();
        while (lexer.Next(out var token))
        {
            tokens.Add(token);
        }

        return tokens;
    }

    /// <summary>The next token after any whitespace; false at the end of the text.</summary>
    public bool Next(out SqlToken token)
    {
        var text = _text;
        while (_pos < text.Length && char.IsWhiteSpace(text[_pos]))
        {
            _pos++;
        }

        if (_pos >= text.Length)
        {
            token = default;
            return false;
        }

        var start = _pos;
        var c = text[_pos];
        var kind = SqlTokenKind.Punctuation;
        if (c == '-' && Peek(1) == '-')
        {
            var end = text.IndexOf('\n', _pos);
            _pos = end < 0 ? text.Length : end;
            kind = SqlTokenKind.LineComment;
        }
        else if (c == '/' && Peek(1) == '*')
        {
            SkipBlockComment();
            kind = SqlTokenKind.BlockComment;
        }
        else if (c == '\'')
        {
            SkipQuoted('\'', backslashEscapes: false, SqlSyntaxErrorKind.UnterminatedString);
            kind = SqlTokenKind.String;
        }
        else if (c == '"')
        {
            SkipQuoted('"', backslashEscapes: false, SqlSyntaxErrorKind.UnterminatedQuotedIdentifier);
            kind = SqlTokenKind.QuotedIdentifier;
        }
        else if (c == '$')
        {
            kind = SkipDollar();
        }
        else if (IsIdentifierStart(c))
        {
            while (_pos < text.Length && IsIdentifierPart(text[_pos]))
            {
                _pos++;
            }

            // E'...' is the one string form where a backslash escapes the quote. The E must be a
            // word of its own: in table'x' the quote follows an identifier.
            if (_pos - start == 1 && (c == 'E' || c == 'e') && Peek(0) == '\'')
            {
                SkipQuoted('\'', backslashEscapes: true, SqlSyntaxErrorKind.UnterminatedString);
                kind = SqlTokenKind.String;
            }
            else
            {
                kind = SqlTokenKind.Word;
            }
        }
        else if (c >= '0' && c <= '9')
        {
            while (_pos < text.Length && (char.IsLetterOrDigit(text[_pos]) || text[_pos] == '_' || text[_pos] == '.'))
            {
                _pos++;
            }

            kind = SqlTokenKind.Number;
        }
        else
        {
            _pos++;
        }

        token = new SqlToken(kind, start, _pos - start);
        return true;
    }

    private char Peek(int offset)
    {
        var i = _pos + offset;
        return i < _text.Length ? _text[i] : '\0';
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

    private SqlTokenKind SkipDollar()
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
            return SqlTokenKind.Parameter;
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
            return SqlTokenKind.Punctuation;
        }

        var tag = text.Substring(open, i - open + 1);
        var close = text.IndexOf(tag, i + 1, StringComparison.Ordinal);
        if (close < 0)
        {
            Errors.Add(new SqlSyntaxError(SqlSyntaxErrorKind.UnterminatedDollarQuote, open, tag.Length, tag));
            _pos = text.Length;
            return SqlTokenKind.DollarString;
        }

        _pos = close + tag.Length;
        return SqlTokenKind.DollarString;
    }

    // PostgreSQL treats every byte >= 0x80 as a letter in identifiers.
    private static bool IsIdentifierStart(char c) =>
        (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= '\u0080';

    private static bool IsIdentifierPart(char c) =>
        IsIdentifierStart(c) || (c >= '0' && c <= '9') || c == '$';
}
