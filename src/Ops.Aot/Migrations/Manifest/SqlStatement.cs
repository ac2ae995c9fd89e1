namespace CocktailDb.Ops.Migrations.Manifest;

/// <summary>One statement of a script, split at build time.</summary>
/// <param name="Line">The line it starts on (1-based).</param>
/// <param name="Text">Its text, without the ';'.</param>
/// <param name="Lock">
/// The table-level locks it takes, worked out at build time from its text, strongest first:
/// "ACCESS EXCLUSIVE on orders; SHARE ROW EXCLUSIVE on users". Empty when it locks no existing
/// table; "unknown (...)" when the build cannot tell (a DO block).
/// </param>
internal readonly record struct SqlStatement(int Line, string Text, string Lock);
