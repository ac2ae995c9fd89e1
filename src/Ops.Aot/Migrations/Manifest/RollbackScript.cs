namespace CocktailDb.Ops.Migrations.Manifest;

/// <summary>The embedded script that undoes up migration <paramref name="Version"/>.</summary>
/// <remarks>Its timeouts read as <see cref="MigrationScript"/>'s.</remarks>
internal sealed record RollbackScript(
    long Version,
    string FileName,
    string Checksum,
    bool NoTransaction,
    int TransactionControlLine,
    TimeSpan? LockTimeout,
    TimeSpan? StatementTimeout,
    string Sql,
    SqlStatement[] Statements);
