using System.Collections.Generic;
using CocktailDb.Ops.Generators.Models;

namespace CocktailDb.Ops.Generators.Lint;

/// <summary>
/// What a file leaves in the database once all of it has run: the relations, columns and
/// triggers its statements create, less those a later statement of the same file drops.
/// </summary>
internal sealed class SchemaObjects
{
    private readonly List<SchemaObjectModel> _objects = new();

    public void Record(ClassifiedStatement statement)
    {
        foreach (var dropped in statement.Dropped)
        {
            var quoted = RelationNames.Quote(dropped);
            _objects.RemoveAll(o => RelationNames.Same(o.Relation, quoted));
        }

        _objects.AddRange(statement.Leaves);
        if (statement.Table is not { } table)
        {
            return;
        }

        var relation = RelationNames.Quote(table);
        foreach (var action in statement.Actions)
        {
            if (action.Column is not { } column)
            {
                continue;
            }

            if (action.Kind == TableActionKind.AddColumn)
            {
                _objects.Add(new SchemaObjectModel(relation, column, string.Empty));
            }
            else if (action.Kind == TableActionKind.DropColumn)
            {
                _objects.RemoveAll(o => o.Column == column && RelationNames.Same(o.Relation, relation));
            }
        }
    }

    public SchemaObjectModel[] ToArray() => _objects.ToArray();
}
