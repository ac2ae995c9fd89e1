using System;
using System.Collections.Generic;
using CocktailDb.Ops.Generators.Models;

namespace CocktailDb.Ops.Generators.Lint;

/// <summary>
/// The tokens of one statement without its comments, with the questions the classifier asks of
/// them: is token i this keyword, how deep in parentheses is it, which name starts here.
/// </summary>
internal sealed class StatementText
{
    private readonly string _text;
    private readonly List<SqlToken> _tokens;
    private readonly int[] _depths;

    public StatementText(string text, List<SqlToken> tokens)
    {
        _text = text;
        _tokens = tokens;
        _depths = new int[tokens.Count];
        var depth = 0;
        for (var i = 0; i < tokens.Count; i++)
        {
            if (IsPunctuation(i, ')') && depth > 0)
            {
                depth--;
            }

            _depths[i] = depth;
            if (IsPunctuation(i, '('))
            {
                depth++;
            }
        }
    }

    public int Count => _tokens.Count;

    public SqlToken this[int index] => _tokens[index];

    /// <summary>The token's text as written.</summary>
    public string TextOf(int index) => _text.Substring(_tokens[index].Start, _tokens[index].Length);

    /// <summary>Parenthesis depth of the token; a ( and its ) are at the depth outside them.</summary>
    public int DepthOf(int index) => _depths[index];

    public bool IsWord(int index, string keyword) =>
        index >= 0 && index < _tokens.Count
        && _tokens[index].Kind == SqlTokenKind.Word
        && _tokens[index].Length == keyword.Length
        && string.Compare(_text, _tokens[index].Start, keyword, 0, keyword.Length, StringComparison.OrdinalIgnoreCase) == 0;

    /// <summary>True when the tokens from <paramref name="index"/> on are these keywords in order.</summary>
    public bool AreWords(int index, params string[] keywords)
    {
        for (var k = 0; k < keywords.Length; k++)
        {
            if (!IsWord(index + k, keywords[k]))
            {
                return false;
            }
        }

        return true;
    }

    public bool IsAnyWord(int index, params string[] keywords)
    {
        foreach (var keyword in keywords)
        {
            if (IsWord(index, keyword))
            {
                return true;
            }
        }

        return false;
    }

    public bool IsPunctuation(int index, char c) =>
        index >= 0 && index < _tokens.Count
        && _tokens[index].Kind == SqlTokenKind.Punctuation
        && _text[_tokens[index].Start] == c;

    public bool IsKind(int index, SqlTokenKind kind) =>
        index >= 0 && index < _tokens.Count && _tokens[index].Kind == kind;

    /// <summary>The first token in [from, to) that is the keyword at depth <paramref name="depth"/>, or -1.</summary>
    public int FindWord(string keyword, int from, int to, int depth)
    {
        for (var i = from; i < to && i < _tokens.Count; i++)
        {
            if (_depths[i] == depth && IsWord(i, keyword))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Whether the keyword appears anywhere in [from, to), at any depth.</summary>
    public bool ContainsWord(string keyword, int from, int to)
    {
        for (var i = from; i < to && i < _tokens.Count; i++)
        {
            if (IsWord(i, keyword))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Reads a possibly qualified name (a, "A", s.a) starting at <paramref name="index"/> and moves
    /// past it. Unquoted parts are folded to lower case as PostgreSQL does. Null when no name starts there.
    /// </summary>
    public string? ReadName(ref int index)
    {
        string? name = null;
        var i = index;
        while (true)
        {
            var part = NamePart(i);
            if (part is null)
            {
                break;
            }

            name = name is null ? part : name + "." + part;
            i++;
            if (!IsPunctuation(i, '.') || NamePart(i + 1) is null)
            {
                break;
            }

            i++;
        }

        if (name is not null)
        {
            index = i;
        }

        return name;
    }

    /// <summary>The value of a '...' string constant (doubled quotes undone), else null.</summary>
    public string? StringValue(int index)
    {
        if (!IsKind(index, SqlTokenKind.String) || _text[_tokens[index].Start] != '\'')
        {
            return null;
        }

        var raw = TextOf(index);
        return raw.Length >= 2 ? raw.Substring(1, raw.Length - 2).Replace("''", "'") : null;
    }

    /// <summary>The offset just past the last token in [from, to); where [from, to) would start when it is empty.</summary>
    public int EndOf(int from, int to) =>
        to > from ? _tokens[to - 1].End
        : from < _tokens.Count ? _tokens[from].Start
        : _tokens.Count > 0 ? _tokens[_tokens.Count - 1].End
        : 0;

    private string? NamePart(int index)
    {
        if (IsKind(index, SqlTokenKind.Word))
        {
            return TextOf(index).ToLowerInvariant();
        }

        if (IsKind(index, SqlTokenKind.QuotedIdentifier))
        {
            var raw = TextOf(index);
            return raw.Length >= 2 ? raw.Substring(1, raw.Length - 2).Replace("\"\"", "\"") : null;
        }

        return null;
    }
}
