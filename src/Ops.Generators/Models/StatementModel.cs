using CocktailDb.Ops.Shared;

namespace CocktailDb.Ops.Generators.Models;

/// <summary>One statement as it will be embedded, with what the runner needs to know about it.</summary>
/// <param name="Line">1-based line of its first character.</param>
/// <param name="Text">The trimmed text, without the ';'.</param>
/// <param name="Lock">The table locks it takes, e.g. "SHARE on recipes"; empty when it locks no existing table.</param>
/// <param name="Facts">Must it run alone, does it control the transaction, is it a session setting.</param>
/// <param name="IndexTable">For CREATE INDEX CONCURRENTLY: its table, quoted for to_regclass; else null.</param>
/// <param name="IndexName">For CREATE INDEX CONCURRENTLY: the index's name, empty when unnamed; else null.</param>
internal readonly record struct StatementModel(int Line, string Text, string Lock, StatementFacts Facts, string? IndexTable, string? IndexName);
