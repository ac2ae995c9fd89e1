using System;
using System.Collections.Generic;
using System.Globalization;
using System.Threading;
using CocktailDb.Ops.Generators.Lint;
using CocktailDb.Ops.Generators.Models;
using CocktailDb.Ops.Shared;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace CocktailDb.Ops.Generators;

/// <summary>
/// Turns one AdditionalText into a <see cref="ParsedFile"/> and the problems found in that file
/// alone. Everything expensive (reading, hashing, splitting) happens here, once per changed file.
/// </summary>
internal static class Parser
{
    /// <summary>How EmbeddedMigrations.targets tags each file (CompilerVisibleItemMetadata).</summary>
    public const string KindMetadataKey = "build_metadata.AdditionalFiles.CocktailDbKind";

    public const string NoTransactionMarker = "-- cocktaildb:no-transaction";

    private const string SchemaVersionKey = "schema-version";

    /// <summary>
    /// Null for files that are not ours: no CocktailDbKind metadata, an unknown kind, or not .sql
    /// (other projects' AdditionalFiles pass through the same provider).
    /// </summary>
    public static ParsedFile? Parse(AdditionalText file, AnalyzerConfigOptions options, CancellationToken cancellationToken)
    {
        if (!options.TryGetValue(KindMetadataKey, out var kindText) || !TryReadKind(kindText, out var kind))
        {
            return null;
        }

        if (!file.Path.EndsWith(".sql", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        cancellationToken.ThrowIfCancellationRequested();
        var source = file.GetText(cancellationToken) ?? SourceText.From(string.Empty);
        var original = source.ToString();
        var sql = MigrationChecksum.Normalize(original);
        var checksum = MigrationChecksum.Sha256Hex(sql);
        var locator = new NormalizedTextLocator(file.Path, source, original);
        var firstLine = locator.FirstLine(sql);
        var fileName = FileNameOf(file.Path);
        var diagnostics = new List<DiagnosticInfo>();

        var hasVersion = false;
        var version = 0L;
        var description = string.Empty;
        var headerLocation = firstLine;
        if (kind == SqlFileKind.Schema)
        {
            if (TryReadSchemaVersion(sql, out version, out var headerStart, out var headerLength))
            {
                hasVersion = true;
                headerLocation = locator.Locate(headerStart, headerLength);
            }
            else
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.MissingSchemaVersion, firstLine, fileName));
            }
        }
        else if (MigrationFileName.TryParse(fileName, kind == SqlFileKind.Rollback, out var name, out var nameError))
        {
            hasVersion = true;
            version = name.Version;
            description = name.Description;

            // A top-level NN_rollback_*.sql is a rollback: applying one as an up migration is
            // exactly the accident this rule exists to prevent.
            if (name.Kind == MigrationFileKind.Rollback)
            {
                kind = SqlFileKind.Rollback;
            }
        }
        else
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidFileName, firstLine, fileName, nameError));
        }

        cancellationToken.ThrowIfCancellationRequested();
        var split = SqlSplitter.Split(sql);
        foreach (var error in split.Errors)
        {
            diagnostics.Add(ToDiagnostic(error, locator.Locate(error.Start, error.Length), fileName));
        }

        if (split.Statements.Count == 0 && split.Errors.Count == 0)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.EmptyFile, firstLine, fileName));
        }

        var noTransaction = string.Equals(FirstLineOf(sql).Trim(), NoTransactionMarker, StringComparison.OrdinalIgnoreCase);
        var headers = kind == SqlFileKind.Schema
            ? new FileHeaders(FileHeaders.NotSet, FileHeaders.NotSet)
            : HeaderParser.Read(sql, locator, fileName, diagnostics);

        // Text left open makes the statements meaningless to lint; the file fails the build anyway.
        var lint = split.Errors.Count == 0 ? MigrationLinter.Run(sql, split.Statements, kind, noTransaction, fileName, locator) : null;
        var statements = new StatementModel[split.Statements.Count];
        var warnedAboutTransactionControl = false;
        for (var i = 0; i < statements.Length; i++)
        {
            var statement = split.Statements[i];
            statements[i] = Embed(statement, lint?.Statements[i]);

            // Once per file, at the first; the schema script has no no-transaction switch.
            if (!warnedAboutTransactionControl && statement.TransactionKeyword is not null && !noTransaction && kind != SqlFileKind.Schema)
            {
                warnedAboutTransactionControl = true;
                diagnostics.Add(DiagnosticInfo.Create(
                    DiagnosticDescriptors.TransactionControlInTransaction,
                    locator.Locate(statement.Start, statement.Length),
                    fileName,
                    statement.TransactionKeyword));
            }
        }

        if (lint is not null)
        {
            diagnostics.AddRange(lint.Diagnostics);
        }

        return new ParsedFile(
            file.Path,
            kind,
            fileName,
            hasVersion,
            version,
            description,
            checksum,
            noTransaction,
            headers,
            new EquatableArray<StatementModel>(statements),
            kind == SqlFileKind.Migration && lint is not null ? new EquatableArray<SchemaObjectModel>(lint.Leaves) : EquatableArray<SchemaObjectModel>.Empty,
            headerLocation,
            new EquatableArray<DiagnosticInfo>(diagnostics.ToArray()));
    }

    /// <summary>
    /// The statement with what its runner needs to know (null <paramref name="classified"/>: text
    /// left open, the lint did not run and the file fails the build anyway).
    /// </summary>
    private static StatementModel Embed(SplitStatement statement, ClassifiedStatement? classified)
    {
        var facts = statement.TransactionKeyword is null ? StatementFacts.None : StatementFacts.ControlsTransaction;
        if (classified is null)
        {
            return new StatementModel(statement.Line, statement.Text, string.Empty, facts, null, null);
        }

        if (classified.NotInTransaction is not null)
        {
            facts |= StatementFacts.RunsAlone;
        }

        if (classified.SessionSetting)
        {
            facts |= StatementFacts.SessionSetting;
        }

        return new StatementModel(statement.Line, statement.Text, classified.Locks.Format(), facts, classified.ConcurrentIndexTable, classified.ConcurrentIndexName);
    }

    private static bool TryReadKind(string value, out SqlFileKind kind)
    {
        switch (value.Trim().ToLowerInvariant())
        {
            case "migration":
                kind = SqlFileKind.Migration;
                return true;
            case "rollback":
                kind = SqlFileKind.Rollback;
                return true;
            case "schema":
                kind = SqlFileKind.Schema;
                return true;
            default:
                kind = default;
                return false;
        }
    }

    // The build may run on Windows, where either separator can appear in a path.
    private static string FileNameOf(string path) =>
        path.Substring(path.LastIndexOfAny(new[] { '/', '\\' }) + 1);

    private static string FirstLineOf(string text)
    {
        var end = text.IndexOf('\n');
        return end < 0 ? text : text.Substring(0, end);
    }

    /// <summary>
    /// Finds <c>-- schema-version: N</c> among the comment and blank lines at the top of the file;
    /// the header stops at the first line of SQL.
    /// </summary>
    private static bool TryReadSchemaVersion(string text, out long version, out int lineStart, out int lineLength)
    {
        var start = 0;
        while (start < text.Length)
        {
            var end = text.IndexOf('\n', start);
            if (end < 0)
            {
                end = text.Length;
            }

            var line = text.Substring(start, end - start).Trim();
            if (line.Length > 0 && !line.StartsWith("--", StringComparison.Ordinal))
            {
                break;
            }

            if (line.Length > 0 && TryReadSchemaVersionComment(line.Substring(2).Trim(), out version))
            {
                lineStart = start;
                lineLength = end - start;
                return true;
            }

            start = end + 1;
        }

        version = 0;
        lineStart = 0;
        lineLength = 0;
        return false;
    }

    private static bool TryReadSchemaVersionComment(string comment, out long version)
    {
        version = 0;
        if (!comment.StartsWith(SchemaVersionKey, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var rest = comment.Substring(SchemaVersionKey.Length).TrimStart();
        return rest.StartsWith(":", StringComparison.Ordinal)
            && long.TryParse(rest.Substring(1).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out version);
    }

    private static DiagnosticInfo ToDiagnostic(SqlSyntaxError error, LocationInfo location, string fileName) => error.Kind switch
    {
        SqlSyntaxErrorKind.UnterminatedString =>
            DiagnosticInfo.Create(DiagnosticDescriptors.UnterminatedQuote, location, fileName, "string literal", "'"),
        SqlSyntaxErrorKind.UnterminatedQuotedIdentifier =>
            DiagnosticInfo.Create(DiagnosticDescriptors.UnterminatedQuote, location, fileName, "quoted identifier", "\""),
        SqlSyntaxErrorKind.UnterminatedBlockComment =>
            DiagnosticInfo.Create(DiagnosticDescriptors.UnterminatedBlockComment, location, fileName),
        SqlSyntaxErrorKind.UnterminatedDollarQuote =>
            DiagnosticInfo.Create(DiagnosticDescriptors.UnterminatedDollarQuote, location, fileName, error.Opening),
        _ => DiagnosticInfo.Create(DiagnosticDescriptors.UnterminatedAtomicBody, location, fileName),
    };
}
