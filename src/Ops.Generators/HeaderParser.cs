using System;
using System.Collections.Generic;
using System.Globalization;
using CocktailDb.Ops.Generators.Models;
using CocktailDb.Ops.Shared;

namespace CocktailDb.Ops.Generators;

/// <summary>
/// Reads the per-file settings among the comment lines at the top of a migration:
/// <c>-- cocktaildb:lock-timeout 30s</c> and <c>-- cocktaildb:statement-timeout 5m</c> (or
/// <c>none</c>). A header the runner would not understand is a build error: a misspelt or
/// misplaced timeout that silently did nothing is exactly what would stall the live site.
/// </summary>
internal static class HeaderParser
{
    public const string Prefix = "-- cocktaildb:";

    private const string Word = "cocktaildb:";

    /// <summary>Read by other parts of the build from the same lines; accepted here without a look.</summary>
    private static readonly string[] OtherKeys = { "no-transaction", "allow" };

    public static FileHeaders Read(string sql, NormalizedTextLocator locator, string fileName, List<DiagnosticInfo> diagnostics)
    {
        var lockTimeout = new Setting(MigrationTimeouts.LockTimeoutKey);
        var statementTimeout = new Setting(MigrationTimeouts.StatementTimeoutKey);
        var inHeader = true;
        var start = 0;
        var lineNumber = 0;
        while (start < sql.Length)
        {
            var end = sql.IndexOf('\n', start);
            if (end < 0)
            {
                end = sql.Length;
            }

            lineNumber++;
            var raw = sql.Substring(start, end - start);
            var line = raw.Trim();
            if (line.Length > 0 && !line.StartsWith("--", StringComparison.Ordinal))
            {
                inHeader = false;
            }

            if (HeaderText(line) is { } text)
            {
                var location = locator.Locate(start + raw.IndexOf('-'), line.Length);
                var header = new Line(line, lineNumber, location);
                var key = KeyOf(text);
                var setting = string.Equals(key, lockTimeout.Key, StringComparison.OrdinalIgnoreCase) ? lockTimeout
                    : string.Equals(key, statementTimeout.Key, StringComparison.OrdinalIgnoreCase) ? statementTimeout
                    : null;
                if (setting is null)
                {
                    if (inHeader && !IsOtherKey(key))
                    {
                        Report(diagnostics, header, fileName, $"'{line}' is not a header this build knows (it knows {Prefix}no-transaction, {Prefix}{lockTimeout.Key} and {Prefix}{statementTimeout.Key}); check the spelling");
                    }
                }
                else if (!inHeader)
                {
                    Report(diagnostics, header, fileName, $"{Prefix}{setting.Key} counts only among the comment lines at the top of the file, before the first statement; move it there");
                }
                else
                {
                    setting.Set(header, ValueOf(text), diagnostics, fileName);
                }
            }

            start = end + 1;
        }

        return new FileHeaders(lockTimeout.Milliseconds, statementTimeout.Milliseconds);
    }

    /// <summary>
    /// What follows "cocktaildb:" in a comment line such as "-- cocktaildb:lock-timeout 30s", or null.
    /// Any spacing after the dashes counts: "--cocktaildb:lock-timeout 30s" must not be ignored silently.
    /// </summary>
    private static string? HeaderText(string line)
    {
        if (!line.StartsWith("--", StringComparison.Ordinal))
        {
            return null;
        }

        var rest = line.Substring(2).TrimStart();
        return rest.StartsWith(Word, StringComparison.OrdinalIgnoreCase) ? rest.Substring(Word.Length) : null;
    }

    private static string KeyOf(string text)
    {
        var space = IndexOfWhitespace(text);
        return space < 0 ? text : text.Substring(0, space);
    }

    private static string ValueOf(string text)
    {
        var space = IndexOfWhitespace(text);
        return space < 0 ? string.Empty : text.Substring(space).Trim();
    }

    private static int IndexOfWhitespace(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsWhiteSpace(text[i]))
            {
                return i;
            }
        }

        return -1;
    }

    private static bool IsOtherKey(string key)
    {
        foreach (var other in OtherKeys)
        {
            if (string.Equals(key, other, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private static void Report(List<DiagnosticInfo> diagnostics, Line header, string fileName, string reason) =>
        diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidHeader, header.Location, fileName, reason));

    private readonly record struct Line(string Text, int Number, LocationInfo Location);

    /// <summary>One timeout header: where it was first given and its value in milliseconds (-1: not given).</summary>
    private sealed class Setting
    {
        private int _firstLine;

        public Setting(string key) => Key = key;

        public string Key { get; }

        public long Milliseconds { get; private set; } = FileHeaders.NotSet;

        public void Set(Line header, string value, List<DiagnosticInfo> diagnostics, string fileName)
        {
            if (_firstLine > 0)
            {
                Report(diagnostics, header, fileName, $"{Prefix}{Key} is given twice (lines {_firstLine.ToString(CultureInfo.InvariantCulture)} and {header.Number.ToString(CultureInfo.InvariantCulture)}); keep one");
                return;
            }

            _firstLine = header.Number;
            if (value.Length == 0)
            {
                Report(diagnostics, header, fileName, $"{Prefix}{Key} needs a value, as in '{Prefix}{Key} 30s'");
                return;
            }

            if (IndexOfWhitespace(value) >= 0)
            {
                Report(diagnostics, header, fileName, $"'{header.Text}' has more than a value after {Prefix}{Key}; put an explanation on a comment line of its own");
                return;
            }

            var ok = Key == MigrationTimeouts.LockTimeoutKey
                ? MigrationTimeouts.TryParseLockTimeout(value, out var timeout, out var error)
                : MigrationTimeouts.TryParseStatementTimeout(value, out timeout, out error);
            if (!ok)
            {
                Report(diagnostics, header, fileName, $"{Prefix}{Key} {error}");
                return;
            }

            Milliseconds = long.Parse(MigrationTimeouts.ToSetting(timeout), CultureInfo.InvariantCulture);
        }
    }
}
