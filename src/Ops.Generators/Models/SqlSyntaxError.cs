namespace CocktailDb.Ops.Generators.Models;

/// <summary>Text the splitter could not close, located at what opened it.</summary>
/// <param name="Kind">What was left open.</param>
/// <param name="Start">Offset of the opening quote, comment start, dollar tag or BEGIN.</param>
/// <param name="Length">Length of that opening text.</param>
/// <param name="Opening">The opening text itself, e.g. the dollar tag.</param>
internal readonly record struct SqlSyntaxError(SqlSyntaxErrorKind Kind, int Start, int Length, string Opening);
