namespace CocktailDb.Ops.Migrations;

/// <summary>
/// What the no-transaction runner needs to know about a statement's text. Judged from its
/// leading words only: a wrong guess costs atomicity of a progress note, never correctness
/// (see NoTransactionRunner).
/// </summary>
internal static class StatementKinds
{
    // Commands PostgreSQL refuses inside a transaction block (and so beside a progress note).
    private static readonly string[][] AloneStarts =
    [
        ["VACUUM"], ["CREATE", "DATABASE"], ["DROP", "DATABASE"], ["ALTER", "SYSTEM"],
        ["CREATE", "TABLESPACE"], ["DROP", "TABLESPACE"], ["REINDEX", "SYSTEM"], ["REINDEX", "DATABASE"],
        ["CREATE", "SUBSCRIPTION"], ["DROP", "SUBSCRIPTION"], ["ALTER", "SUBSCRIPTION"], ["CLUSTER"],
    ];

    /// <summary>CREATE INDEX CONCURRENTLY, VACUUM, CREATE DATABASE and the like: must run on its own.</summary>
    public static bool MustRunAlone(string statement)
    {
        var words = Words(statement, 64);
        return words.Contains("CONCURRENTLY") || AloneStarts.Any(start => words.Take(start.Length).SequenceEqual(start));
    }

    /// <summary>SET or RESET of a session setting: changes nothing but this session, so it is repeated when a run resumes.</summary>
    public static bool IsSessionSetting(string statement) =>
        Words(statement, 2) is ["SET" or "RESET", var second] && second is not ("CONSTRAINTS" or "TRANSACTION");

    /// <summary>The index a <c>CREATE [UNIQUE] INDEX CONCURRENTLY [IF NOT EXISTS] name ON ...</c> builds, as written; null otherwise.</summary>
    public static string? ConcurrentIndexName(string statement)
    {
        var words = Words(statement, 10);
        var at = 0;
        bool Next(string word)
        {
            if (at < words.Count && words[at] == word)
            {
                at++;
                return true;
            }

            return false;
        }

        if (!Next("CREATE"))
        {
            return null;
        }

        Next("UNIQUE");
        if (!Next("INDEX") || !Next("CONCURRENTLY"))
        {
            return null;
        }

        if (Next("IF") && !(Next("NOT") && Next("EXISTS")))
        {
            return null;
        }

        // An unnamed index (straight to ON) gets a generated name: nothing to look for.
        if (at >= words.Count || words[at] == "ON")
        {
            return null;
        }

        var name = OriginalWord(statement, at);
        return IsPlainName(name) ? name : null;
    }

    /// <summary>name, schema.name, "Quoted", "schema"."Name": what to_regclass reads without surprises.</summary>
    private static bool IsPlainName(string name)
    {
        var parts = name.Split('.');
        return parts.Length <= 2 && parts.All(part =>
            part.Length > 2 && part[0] == '"' && part[^1] == '"' && !part[1..^1].Contains('"')
            || part.Length > 0 && (char.IsAsciiLetter(part[0]) || part[0] == '_') && part.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '$'));
    }

    private static List<string> Words(string statement, int max) =>
        statement.Split((char[]?)null, max + 1, StringSplitOptions.RemoveEmptyEntries)
            .Take(max)
            .Select(w => w.ToUpperInvariant())
            .ToList();

    private static string OriginalWord(string statement, int index) =>
        statement.Split((char[]?)null, index + 2, StringSplitOptions.RemoveEmptyEntries)[index];
}
