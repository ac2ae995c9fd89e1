namespace CocktailDb.Ops.Migrations.Manifest;

/// <summary>An up migration embedded at build time.</summary>
/// <param name="Version">The leading integer of the file name.</param>
/// <param name="FileName">The file name, as recorded in the ledger.</param>
/// <param name="Description">Human words from the file name.</param>
/// <param name="Checksum">Hex SHA-256 of the normalised text (see MigrationChecksum).</param>
/// <param name="NoTransaction">The file's first line is <c>-- cocktaildb:no-transaction</c>.</param>
/// <param name="TransactionControlLine">Line of the first BEGIN/COMMIT/ROLLBACK/START TRANSACTION/END statement, 0 if none.</param>
/// <param name="LockTimeout">The file's <c>-- cocktaildb:lock-timeout</c> header, or null: the run's --ddl-lock-timeout applies.</param>
/// <param name="StatementTimeout">The file's <c>-- cocktaildb:statement-timeout</c> header (zero: none), or null: the run's --statement-timeout applies.</param>
/// <param name="Sql">The normalised text (no BOM, LF line ends).</param>
/// <param name="Statements">The text split into statements.</param>
internal sealed record MigrationScript(
    long Version,
    string FileName,
    string Description,
    string Checksum,
    bool NoTransaction,
    int TransactionControlLine,
    TimeSpan? LockTimeout,
    TimeSpan? StatementTimeout,
    string Sql,
    SqlStatement[] Statements);
