namespace CocktailDb.Ops.Generators.Models;

/// <summary>The splitter's answer: statements in file order and anything left unterminated.</summary>
internal readonly record struct SplitResult(EquatableArray<SplitStatement> Statements, EquatableArray<SqlSyntaxError> Errors);
