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

    private static string Unqualified(string name) => name.Substring(name.LastIndexOf('.') + 1);
}
