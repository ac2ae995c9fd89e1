namespace CocktailDb.Ops.Generators.Lint;

/// <summary>One subcommand of an ALTER TABLE, located in the file so a diagnostic can point at it.</summary>
internal sealed class TableAction
{
    public TableAction(TableActionKind kind, int start, int end)
    {
        Kind = kind;
        Start = start;
        End = end;
    }

    public TableActionKind Kind { get; }

    /// <summary>Offsets in the file of the subcommand's first character and just past its last.</summary>
    public int Start { get; }

    public int End { get; }

    /// <summary>The column added, dropped, retyped, renamed or made NOT NULL.</summary>
    public string? Column { get; set; }

    /// <summary>The constraint added, validated or dropped, when it is named.</summary>
    public string? ConstraintName { get; set; }

    /// <summary>What an ADD constraint (or a column definition's inline constraint) adds.</summary>
    public ConstraintKind Constraint { get; set; }

    public bool NotValid { get; set; }

    /// <summary>ADD ... UNIQUE / PRIMARY KEY USING INDEX: attaches an index built beforehand.</summary>
    public bool UsingIndex { get; set; }

    /// <summary>For CHECK (c IS NOT NULL): the column c, which a later SET NOT NULL can rely on.</summary>
    public string? NotNullCheckColumn { get; set; }

    /// <summary>Why this subcommand rewrites the table (a volatile default, SET LOGGED...), or null.</summary>
    public string? Rewrite { get; set; }

    /// <summary>The new name given by RENAME TO.</summary>
    public string? NewName { get; set; }

    /// <summary>The table a foreign key references.</summary>
    public string? Referenced { get; set; }
}
