using CocktailDb.Ops.Shared;

namespace CocktailDb.Ops.Migrations.Manifest;

/// <summary>One statement of a script, split and classified at build time.</summary>
/// <param name="Line">The line it starts on (1-based).</param>
/// <param name="Text">Its text, without the ';'.</param>
/// <param name="Lock">
/// The table-level locks it takes, worked out at build time from its text, strongest first:
/// "ACCESS EXCLUSIVE on orders; SHARE ROW EXCLUSIVE on users". Empty when it locks no existing
/// table; "unknown (...)" when the build cannot tell (a DO block).
/// </param>
/// <param name="Facts">What running it needs: alone, outside a transaction; repeated on resume.</param>
/// <param name="Index">For CREATE INDEX CONCURRENTLY, the index it builds; else null.</param>
internal readonly record struct SqlStatement(int Line, string Text, string Lock, StatementFacts Facts = StatementFacts.None, IndexBuild? Index = null)
{
    public bool RunsAlone => (Facts & StatementFacts.RunsAlone) != 0;

    public bool IsSessionSetting => (Facts & StatementFacts.SessionSetting) != 0;
}
