using CocktailDb.Ops.Shared;

namespace CocktailDb.Ops.Migrations.Manifest;

/// <summary>
/// A script embedded at build time: an up migration, a rollback script (its version: the
/// migration it undoes) or the schema file (its version: the -- schema-version header, the
/// newest migration it contains).
/// </summary>
/// <param name="Version">The leading integer of the file name, or the schema file's header.</param>
/// <param name="FileName">The file name, as recorded in the ledger.</param>
/// <param name="Description">Human words from the file name; empty for the schema file.</param>
/// <param name="Checksum">Hex SHA-256 of the normalised text (see MigrationChecksum).</param>
/// <param name="NoTransaction">The file's first line is <c>-- cocktaildb:no-transaction</c>.</param>
/// <param name="LockTimeout">The file's <c>-- cocktaildb:lock-timeout</c> header, or null: the run's --ddl-lock-timeout applies.</param>
/// <param name="StatementTimeout">The file's <c>-- cocktaildb:statement-timeout</c> header (zero: none), or null: the run's --statement-timeout applies.</param>
/// <param name="Statements">The text split into statements.</param>
/// <param name="Leaves">For an up migration: the relations, columns and triggers it leaves in the database (see Adoption).</param>
internal sealed record MigrationScript(
    long Version,
    string FileName,
    string Description,
    string Checksum,
    bool NoTransaction,
    TimeSpan? LockTimeout,
    TimeSpan? StatementTimeout,
    SqlStatement[] Statements,
    SchemaObject[]? Leaves = null)
{
    /// <summary>Line of the first BEGIN/COMMIT/ROLLBACK/START TRANSACTION/END statement, 0 if none.</summary>
    public int TransactionControlLine => Array.Find(Statements, s => (s.Facts & StatementFacts.ControlsTransaction) != 0).Line;

    /// <summary>"one transaction" or "no transaction", as the log says it.</summary>
    public string TransactionMode => NoTransaction ? "no transaction" : "one transaction";
}
