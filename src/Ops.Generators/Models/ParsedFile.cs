namespace CocktailDb.Ops.Generators.Models;

/// <summary>
/// Everything the manifest needs from one .sql file, computed once per file. It is compared by
/// value, so an unchanged file yields an equal model and the steps after it stay cached.
/// </summary>
/// <param name="Path">The file's path as the build passed it.</param>
/// <param name="Kind">A top-level NN_rollback_*.sql is already <see cref="SqlFileKind.Rollback"/> here.</param>
/// <param name="FileName">The name without folders.</param>
/// <param name="HasVersion">False when the name did not parse, or a schema file lacks its header.</param>
/// <param name="Version">The migration version, or a schema file's declared version.</param>
/// <param name="Description">Words from the file name; empty for a schema file.</param>
/// <param name="Checksum">Hex SHA-256 of the normalised text (no BOM, LF line ends).</param>
/// <param name="NoTransaction">The first line is <c>-- cocktaildb:no-transaction</c>.</param>
/// <param name="Headers">The file's <c>-- cocktaildb:lock-timeout</c> / <c>statement-timeout</c> headers; none for a schema file.</param>
/// <param name="Statements">The text split into statements, with what the runner needs to know of each.</param>
/// <param name="Leaves">For an up migration: the relations, columns and triggers it leaves in the database.</param>
/// <param name="HeaderLocation">Where file-level diagnostics point: the schema-version header of a schema file, otherwise the first line.</param>
/// <param name="Diagnostics">Problems found in this file alone.</param>
internal readonly record struct ParsedFile(
    string Path,
    SqlFileKind Kind,
    string FileName,
    bool HasVersion,
    long Version,
    string Description,
    string Checksum,
    bool NoTransaction,
    FileHeaders Headers,
    EquatableArray<StatementModel> Statements,
    EquatableArray<SchemaObjectModel> Leaves,
    LocationInfo HeaderLocation,
    EquatableArray<DiagnosticInfo> Diagnostics);
