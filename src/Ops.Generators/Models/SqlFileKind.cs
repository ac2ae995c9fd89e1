namespace CocktailDb.Ops.Generators.Models;

/// <summary>What a file is once its metadata and its name have both been read.</summary>
internal enum SqlFileKind
{
    Migration,
    Rollback,
    Schema,
}
