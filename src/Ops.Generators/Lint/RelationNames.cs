using System;

namespace CocktailDb.Ops.Generators.Lint;

/// <summary>
/// Compares relation names as written in two statements. A schema on one side only is ignored
/// (migrations run with the default search_path, so "recipes" and "public.recipes" are one table).
/// </summary>
internal static class RelationNames
{
    public static bool Same(string a, string b)
    {
        if (string.Equals(a, b, StringComparison.Ordinal))
        {
            return true;
        }

        var aQualified = a.IndexOf('.') >= 0;
        var bQualified = b.IndexOf('.') >= 0;
        return aQualified != bQualified && string.Equals(Unqualified(a), Unqualified(b), StringComparison.Ordinal);
    }

    /// <summary>
    /// A name as StatementText.ReadName gives it (folded, parts joined with '.'), each part
    /// quoted: text to_regclass reads back as the same relation, whatever its case. (A quoted
    /// part that holds a '.' itself is split wrongly; the runner then finds no such relation.)
    /// </summary>
    public static string Quote(string name)
    {
        var parts = name.Split('.');
        for (var i = 0; i < parts.Length; i++)
        {
            parts[i] = "\"" + parts[i].Replace("\"", "\"\"") + "\"";
        }

        return string.Join(".", parts);
    }

    private static string Unqualified(string name) => name.Substring(name.LastIndexOf('.') + 1);
}
