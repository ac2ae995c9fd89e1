using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using System.Threading;
using CocktailDb.Ops.Generators.Models;
using CocktailDb.Ops.Shared;
using Microsoft.CodeAnalysis;

namespace CocktailDb.Ops.Generators;

/// <summary>
/// Puts the parsed files together and finds the problems no single file shows: duplicate
/// versions, orphan rollbacks, a schema behind the migrations.
/// </summary>
internal static class ManifestBuilder
{
    public static ManifestModel Build(ImmutableArray<ParsedFile?> parsed, CancellationToken cancellationToken)
    {
        var files = new List<ParsedFile>(parsed.Length);
        foreach (var file in parsed)
        {
            if (file is { } value)
            {
                files.Add(value);
            }
        }

        // The order AdditionalFiles arrive in is up to MSBuild; sorting makes "the first of two
        // duplicates", the emitted order and the diagnostics the same on every machine.
        files.Sort(CompareFiles);
        cancellationToken.ThrowIfCancellationRequested();

        var diagnostics = new List<DiagnosticInfo>();
        foreach (var file in files)
        {
            diagnostics.AddRange(file.Diagnostics);
        }

        var migrations = KeepOnePerVersion(files, SqlFileKind.Migration, DiagnosticDescriptors.DuplicateMigrationVersion, diagnostics);
        var rollbacks = KeepOnePerVersion(files, SqlFileKind.Rollback, DiagnosticDescriptors.DuplicateRollbackVersion, diagnostics);

        var migrationVersions = new HashSet<long>();
        foreach (var migration in migrations)
        {
            migrationVersions.Add(migration.Version);
        }

        foreach (var rollback in rollbacks)
        {
            if (!migrationVersions.Contains(rollback.Version))
            {
                diagnostics.Add(DiagnosticInfo.Create(
                    DiagnosticDescriptors.RollbackWithoutMigration,
                    rollback.HeaderLocation,
                    rollback.FileName,
                    Format(rollback.Version)));
            }
        }

        var schema = FindSchema(files, diagnostics);
        if (schema is { } current && migrations.Count > 0)
        {
            var newest = migrations[migrations.Count - 1].Version;
            if (current.Version < newest)
            {
                diagnostics.Add(DiagnosticInfo.Create(
                    DiagnosticDescriptors.SchemaBehindMigrations,
                    current.HeaderLocation,
                    current.FileName,
                    Format(current.Version),
                    Format(newest)));
            }
        }

        return new ManifestModel(
            ComputeHash(migrations, rollbacks, schema),
            new EquatableArray<ParsedFile>(migrations.ToArray()),
            new EquatableArray<ParsedFile>(rollbacks.ToArray()),
            schema,
            new EquatableArray<DiagnosticInfo>(diagnostics.ToArray()));
    }

    private static List<ParsedFile> KeepOnePerVersion(
        List<ParsedFile> files,
        SqlFileKind kind,
        DiagnosticDescriptor duplicate,
        List<DiagnosticInfo> diagnostics)
    {
        var kept = new List<ParsedFile>();
        foreach (var file in files)
        {
            // A file whose name did not parse has no version; CDB0001 already covers it.
            if (file.Kind != kind || !file.HasVersion)
            {
                continue;
            }

            if (kept.Count > 0 && kept[kept.Count - 1].Version == file.Version)
            {
                var first = kept[kept.Count - 1];
                diagnostics.Add(DiagnosticInfo.Create(duplicate, file.HeaderLocation, first.FileName, file.FileName, Format(file.Version)));
                continue;
            }

            kept.Add(file);
        }

        return kept;
    }

    private static ParsedFile? FindSchema(List<ParsedFile> files, List<DiagnosticInfo> diagnostics)
    {
        ParsedFile? schema = null;
        foreach (var file in files)
        {
            if (file.Kind != SqlFileKind.Schema)
            {
                continue;
            }

            if (schema is { } first)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.DuplicateSchemaFile, file.HeaderLocation, first.FileName, file.FileName));
                continue;
            }

            schema = file;
        }

        // Without its header the schema cannot say which migrations it contains; CDB0011 covers it.
        return schema is { HasVersion: true } ? schema : null;
    }

    /// <summary>
    /// One line per embedded file, "kind version file-name checksum", migrations then rollbacks
    /// then the schema. Any change to what is embedded changes the hash.
    /// </summary>
    private static string ComputeHash(List<ParsedFile> migrations, List<ParsedFile> rollbacks, ParsedFile? schema)
    {
        var listing = new StringBuilder();
        foreach (var file in migrations)
        {
            AppendListingLine(listing, "migration", file);
        }

        foreach (var file in rollbacks)
        {
            AppendListingLine(listing, "rollback", file);
        }

        if (schema is { } value)
        {
            AppendListingLine(listing, "schema", value);
        }

        return MigrationChecksum.Sha256Hex(listing.ToString());
    }

    private static void AppendListingLine(StringBuilder listing, string kind, ParsedFile file) =>
        listing.Append(kind).Append(' ')
            .Append(Format(file.Version)).Append(' ')
            .Append(file.FileName).Append(' ')
            .Append(file.Checksum).Append('\n');

    private static int CompareFiles(ParsedFile x, ParsedFile y)
    {
        var order = x.Kind.CompareTo(y.Kind);
        if (order == 0)
        {
            order = x.Version.CompareTo(y.Version);
        }

        if (order == 0)
        {
            order = string.CompareOrdinal(x.FileName, y.FileName);
        }

        return order != 0 ? order : string.CompareOrdinal(x.Path, y.Path);
    }

    private static string Format(long value) => value.ToString(CultureInfo.InvariantCulture);
}
