// Compiled into both the generator (at build time) and the CLI (at run time), so the two can
// never disagree about what a file name means. Keep it free of anything netstandard2.0 lacks.
using System;

namespace CocktailDb.Ops.Shared;

/// <summary>What a migration file is, judged by its name and folder.</summary>
internal enum MigrationFileKind
{
    Up,
    Rollback,
}

/// <summary>A parsed migration file name such as <c>09_migration_add_analytics_refresh_state.sql</c>.</summary>
internal readonly struct MigrationFileName
{
    private MigrationFileName(long version, string fileName, string description, MigrationFileKind kind)
    {
        Version = version;
        FileName = fileName;
        Description = description;
        Kind = kind;
    }

    /// <summary>The leading integer of the name, whatever its zero padding.</summary>
    public long Version { get; }

    public string FileName { get; }

    /// <summary>The rest of the name, without the <c>migration_</c>/<c>rollback_</c> word, underscores as spaces.</summary>
    public string Description { get; }

    public MigrationFileKind Kind { get; }

    /// <summary>
    /// Parses <c>NN_anything.sql</c>. A name whose words after the version start with
    /// <c>rollback</c> is a rollback wherever it lives: the seed project once applied a
    /// top-level <c>NN_rollback_*.sql</c> as an up migration by accident.
    /// </summary>
    /// <param name="fileName">The file name without folders.</param>
    /// <param name="inRollbackFolder">True for files under <c>migrations/rollbacks/</c>.</param>
    /// <param name="result">The parsed name when this returns true.</param>
    /// <param name="error">Why the name was refused when this returns false.</param>
    public static bool TryParse(string fileName, bool inRollbackFolder, out MigrationFileName result, out string error)
    {
        result = default;
        const string extension = ".sql";
        if (!fileName.EndsWith(extension, System.StringComparison.OrdinalIgnoreCase))
        {
            error = "the name must end in .sql";
            return false;
        }

        var stem = fileName.Substring(0, fileName.Length - extension.Length);
        var digits = 0;
        while (digits < stem.Length && stem[digits] >= '0' && stem[digits] <= '9')
        {
            digits++;
        }

        if (digits == 0)
        {
            error = "the name must start with a version number, as in 10_add_tags.sql";
            return false;
        }

        if (digits == stem.Length || stem[digits] != '_' || digits + 1 == stem.Length)
        {
            error = "the version must be followed by '_' and a description, as in 10_add_tags.sql";
            return false;
        }

        if (!long.TryParse(stem.Substring(0, digits), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var version))
        {
            error = "the version number is too large";
            return false;
        }

        var words = stem.Substring(digits + 1);
        var kind = inRollbackFolder ? MigrationFileKind.Rollback : MigrationFileKind.Up;
        if (StartsWithWord(words, "rollback"))
        {
            kind = MigrationFileKind.Rollback;
            words = words.Substring("rollback".Length).TrimStart('_');
        }
        else if (StartsWithWord(words, "migration"))
        {
            words = words.Substring("migration".Length).TrimStart('_');
        }

        result = new MigrationFileName(version, fileName, words.Replace('_', ' ').Trim(), kind);
        error = string.Empty;
        return true;
    }

    private static bool StartsWithWord(string text, string word) =>
        text.StartsWith(word, System.StringComparison.OrdinalIgnoreCase)
        && (text.Length == word.Length || text[word.Length] == '_');
}
