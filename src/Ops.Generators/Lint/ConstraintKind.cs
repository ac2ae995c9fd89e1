namespace CocktailDb.Ops.Generators.Lint;

/// <summary>The kind of constraint an ADD [CONSTRAINT] or a column definition adds.</summary>
internal enum ConstraintKind
{
    None,
    ForeignKey,
    Check,
    Unique,
    PrimaryKey,
    Exclude,
}
