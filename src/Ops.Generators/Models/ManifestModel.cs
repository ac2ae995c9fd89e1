namespace CocktailDb.Ops.Generators.Models;

/// <summary>What the emitter writes, plus every diagnostic of the build.</summary>
/// <param name="Hash">Hex SHA-256 over one line per embedded file (see ManifestBuilder).</param>
/// <param name="Migrations">Up migrations, one per version, ordered by version.</param>
/// <param name="Rollbacks">Rollbacks, one per version, ordered by version.</param>
/// <param name="Schema">The schema file, or null when none was passed or its header is missing.</param>
/// <param name="Diagnostics">Per-file diagnostics followed by cross-file ones, in a stable order.</param>
internal readonly record struct ManifestModel(
    string Hash,
    EquatableArray<ParsedFile> Migrations,
    EquatableArray<ParsedFile> Rollbacks,
    ParsedFile? Schema,
    EquatableArray<DiagnosticInfo> Diagnostics);
