namespace CocktailDb.Ops.Migrations.Manifest;

/// <summary>The embedded script that undoes up migration <paramref name="Version"/>.</summary>
internal sealed record RollbackScript(
    long Version,
    string FileName,
    string Checksum,
    bool NoTransaction,
    int TransactionControlLine,
    string Sql,
    SqlStatement[] Statements);
