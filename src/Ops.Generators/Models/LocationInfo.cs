using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace CocktailDb.Ops.Generators.Models;

/// <summary>
/// Where a diagnostic points, as plain values. A <see cref="Location"/> is only built when the
/// diagnostic is reported, because Location does not compare by value.
/// </summary>
/// <param name="FilePath">The path of the file as the build passed it.</param>
/// <param name="Span">Character offsets into the file's text as the compiler read it.</param>
/// <param name="LineSpan">The same span as 0-based lines and columns.</param>
internal readonly record struct LocationInfo(string FilePath, TextSpan Span, LinePositionSpan LineSpan)
{
    public Location ToLocation() => Location.Create(FilePath, Span, LineSpan);
}
