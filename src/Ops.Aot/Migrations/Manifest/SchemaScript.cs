namespace CocktailDb.Ops.Migrations.Manifest;

/// <summary>
/// The complete schema for a fresh install. <paramref name="DeclaredVersion"/> comes from its
/// <c>-- schema-version: N</c> header: migrations up to N are already contained in it.
/// </summary>
internal sealed record SchemaScript(
    long DeclaredVersion,
    string FileName,
    string Checksum,
    string Sql,
    SqlStatement[] Statements);
