using System;
using System.Collections.Generic;

namespace CocktailDb.Ops.Generators.Lint;

/// <summary>
/// A '-- cocktaildb:allow CDB0109 because the view below keeps the name readable' comment (also
/// in a /* */ comment). It covers one statement: the one it is inside, the one it stands above,
/// or the one whose line it ends.
/// </summary>
internal sealed class Suppression
{
    public const string Marker = "cocktaildb:allow";

    private Suppression(int start, int end, List<string> ids, string reason)
    {
        Start = start;
        End = end;
        Ids = ids;
        Reason = reason;
    }

    /// <summary>Offsets of the comment in the normalised text.</summary>
    public int Start { get; }

    public int End { get; }

    /// <summary>The ids it names, upper case, in order.</summary>
    public List<string> Ids { get; }

    /// <summary>The text after 'because', trimmed; empty when there is none.</summary>
    public string Reason { get; }

    /// <summary>The statement it covers, or -1 when none follows it.</summary>
    public int Statement { get; set; } = -1;

    /// <summary>Ids that silenced a finding.</summary>
    public HashSet<string> Used { get; } = new(StringComparer.Ordinal);

    /// <summary>Reads the comment at [start, end) of the text; null when it is not a suppression.</summary>
    public static Suppression? TryRead(string text, int start, int end)
    {
        var body = text.Substring(start, end - start);
        body = body.StartsWith("--", StringComparison.Ordinal)
            ? body.Substring(2)
            : body.Substring(2, Math.Max(0, body.Length - 4));
        body = body.Trim();
        if (!body.StartsWith(Marker, StringComparison.OrdinalIgnoreCase)
            || (body.Length > Marker.Length && !char.IsWhiteSpace(body[Marker.Length])))
        {
            return null;
        }

        var rest = body.Substring(Marker.Length);
        var because = IndexOfWord(rest, "because");
        var idText = because < 0 ? rest : rest.Substring(0, because);
        var reason = because < 0 ? string.Empty : rest.Substring(because + "because".Length).Trim();
        var ids = new List<string>();
        foreach (var part in idText.Split(new[] { ' ', '\t', ',' }, StringSplitOptions.RemoveEmptyEntries))
        {
            ids.Add(part.ToUpperInvariant());
        }

        return new Suppression(start, end, ids, reason);
    }

    private static int IndexOfWord(string text, string word)
    {
        var at = 0;
        while ((at = text.IndexOf(word, at, StringComparison.OrdinalIgnoreCase)) >= 0)
        {
            var before = at == 0 || char.IsWhiteSpace(text[at - 1]) || text[at - 1] == ',';
            var after = at + word.Length == text.Length || char.IsWhiteSpace(text[at + word.Length]);
            if (before && after)
            {
                return at;
            }

            at += word.Length;
        }

        return -1;
    }
}
