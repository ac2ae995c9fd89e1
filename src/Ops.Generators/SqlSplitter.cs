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
        private readonly SqlLexer _lexer;
        private readonly LineIndex _lines;

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
            _lexer = new SqlLexer(text);
            _lines = new LineIndex(text);
        }

        public List<SplitStatement> Statements { get; } = new();

        public List<SqlSyntaxError> Errors => _lexer.Errors;

        public void Run()
        {
            var text = _text;
            while (_lexer.Next(out var token))
            {
                if (token.IsComment)
                {
                    continue;
                }

                var c = text[token.Start];
                if (token.Kind == SqlTokenKind.Punctuation)
                {
                    if (c == ';' && _atomicDepth == 0 && _parenDepth == 0)
                    {
                        EndStatement();
                        continue;
                    }

                    // A stray ')' must not make the depth negative and hide every later ';'.
                    if (c == '(')
                    {
                        _parenDepth++;
                    }
                    else if (c == ')' && _parenDepth > 0)
                    {
                        _parenDepth--;
                    }
                }

                if (_statementStart < 0)
                {
                    _statementStart = token.Start;
                }

                var word = token.Kind == SqlTokenKind.Word ? text.Substring(token.Start, token.Length) : null;
                OnToken(word, token.Start, token.End);
                _lastTokenEnd = token.End;
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

        private void OnToken(string? word, int start, int end)
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
                _atomicLength = end - _previousWordStart;
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
                    _lines.LineOf(_statementStart),
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

        private static bool Is(string word, string keyword) =>
            string.Equals(word, keyword, StringComparison.OrdinalIgnoreCase);
    }
}
