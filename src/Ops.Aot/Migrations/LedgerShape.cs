namespace CocktailDb.Ops.Migrations;

/// <summary>What <c>schema_migrations</c> looks like in a database.</summary>
internal enum LedgerShape
{
    /// <summary>No ledger table.</summary>
    Missing = 0,

    /// <summary>The old bash runner's <c>(filename, applied_at)</c> table, not adopted yet.</summary>
    Legacy = 1,

    /// <summary>Adopted: has the columns this tool adds.</summary>
    Adopted = 2,
}
