namespace CocktailDb.Ops.Generators.Models;

/// <summary>One statement as it will be embedded.</summary>
/// <param name="Line">1-based line of its first character.</param>
/// <param name="Text">The trimmed text, without the ';'.</param>
/// <param name="Lock">The table locks it takes, e.g. "SHARE on recipes"; empty when it locks no existing table.</param>
internal readonly record struct StatementModel(int Line, string Text, string Lock);
