namespace CocktailDb.Ops.Generators.Models;

/// <summary>One statement as it will be embedded: its 1-based first line and its trimmed text.</summary>
internal readonly record struct StatementModel(int Line, string Text);
