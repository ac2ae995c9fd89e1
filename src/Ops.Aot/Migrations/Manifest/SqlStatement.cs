namespace CocktailDb.Ops.Migrations.Manifest;

/// <summary>One statement of a script, split at build time, with the line it starts on (1-based).</summary>
internal readonly record struct SqlStatement(int Line, string Text);
