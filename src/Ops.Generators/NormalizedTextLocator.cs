using System.Collections.Generic;
using CocktailDb.Ops.Generators.Models;
using Microsoft.CodeAnalysis.Text;

namespace CocktailDb.Ops.Generators;

/// <summary>
/// Turns offsets in the normalised text into locations in the file as the compiler read it.
/// Parsing happens on the normalised text (no BOM, LF), but a diagnostic must point into the
/// original, where a CRLF file has one more character per line.
/// </summary>
internal sealed class NormalizedTextLocator
{
    private readonly string _path;
    private readonly SourceText _source;

    // _originalOffsets[i] is where normalised character i came from; one extra entry for the end.
    private readonly int[] _originalOffsets;

    public NormalizedTextLocator(string path, SourceText source, string original)
    {
        _path = path;
        _source = source;
        var offsets = new List<int>(original.Length + 1);

        // Mirrors MigrationChecksum.Normalize: one leading BOM dropped, CRLF and CR become LF.
        var i = original.Length > 0 && original[0] == '\uFEFF' ? 1 : 0;
        for (; i < original.Length; i++)
        {
            offsets.Add(i);
            if (original[i] == '\r' && i + 1 < original.Length && original[i + 1] == '\n')
            {
                i++;
            }
        }

        offsets.Add(original.Length);
        _originalOffsets = offsets.ToArray();
    }

    /// <summary>The location of normalised characters [start, start + length).</summary>
    public LocationInfo Locate(int start, int length)
    {
        var from = _originalOffsets[start];
        var to = _originalOffsets[start + length];
        var span = TextSpan.FromBounds(from, to);
        return new LocationInfo(_path, span, _source.Lines.GetLinePositionSpan(span));
    }

    /// <summary>The first line of the file without its line break; empty at (0,0) for an empty file.</summary>
    public LocationInfo FirstLine(string normalized)
    {
        var end = normalized.IndexOf('\n');
        return Locate(0, end < 0 ? normalized.Length : end);
    }
}
