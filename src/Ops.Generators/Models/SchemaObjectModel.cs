namespace CocktailDb.Ops.Generators.Models;

/// <summary>
/// Something a migration leaves in the database: a relation, a column of one, or a trigger on
/// one. A database that has all of a migration's has most likely had that migration applied,
/// which is how an adopted database is told which baseline it needs.
/// </summary>
/// <param name="Relation">The relation, each part quoted for to_regclass.</param>
/// <param name="Column">A column it added to the relation, or empty.</param>
/// <param name="Trigger">A trigger it created on the relation, or empty.</param>
internal readonly record struct SchemaObjectModel(string Relation, string Column, string Trigger);
