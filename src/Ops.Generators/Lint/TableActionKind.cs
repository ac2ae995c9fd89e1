namespace CocktailDb.Ops.Generators.Lint;

/// <summary>What one subcommand of ALTER TABLE (or ALTER VIEW) does, as far as the lint cares.</summary>
internal enum TableActionKind
{
    Other,
    AddColumn,
    AddConstraint,
    DropColumn,
    DropConstraint,
    AlterColumnType,
    SetNotNull,
    ValidateConstraint,
    RenameColumn,
    RenameRelation,
    SetSchema,
    Rewrite,
}
