namespace CocktailDb.Ops.Migrations.Manifest;

/// <summary>
/// Something an up migration leaves in the database, found by the build: a relation, a column
/// of one, or a trigger on one. How a database set up by other means is told which baseline it needs.
/// </summary>
/// <param name="Relation">The relation, each part quoted for to_regclass.</param>
/// <param name="Column">A column the migration added to it, or empty.</param>
/// <param name="Trigger">A trigger the migration created on it, or empty.</param>
internal sealed record SchemaObject(string Relation, string Column = "", string Trigger = "")
{
    /// <summary>As an operator would name it: "recipes", "recipes.source_url", "trigger t on recipes".</summary>
    public override string ToString()
    {
        var relation = Relation.Replace("\"", string.Empty, StringComparison.Ordinal);
        return Column.Length > 0 ? $"{relation}.{Column}" : Trigger.Length > 0 ? $"trigger {Trigger} on {relation}" : relation;
    }
}
