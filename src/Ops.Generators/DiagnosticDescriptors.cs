using System.Collections.Generic;
using System.Globalization;
using Microsoft.CodeAnalysis;

namespace CocktailDb.Ops.Generators;

/// <summary>
/// Every diagnostic the generator reports. Ids are CDB plus four digits and are never reused:
/// when a diagnostic is retired, comment it out here and leave its number taken, so an old
/// suppression or a search for the id never lands on a different problem.
/// </summary>
internal static class DiagnosticDescriptors
{
    private const string Category = "CocktailDb.Migrations";

    private static readonly Dictionary<string, DiagnosticDescriptor> ById = new();

    public static readonly DiagnosticDescriptor InvalidFileName = Create(
        1,
        DiagnosticSeverity.Error,
        "Migration file name is not valid",
        "'{0}' is not a valid migration file name: {1}. Rename it to NN_migration_<name>.sql, or NN_rollback_<name>.sql for a rollback.");

    public static readonly DiagnosticDescriptor DuplicateMigrationVersion = Create(
        2,
        DiagnosticSeverity.Error,
        "Two up migrations have the same version",
        "Up migrations '{0}' and '{1}' both have version {2}. Give the one that has not been applied anywhere yet the next free version number.");

    public static readonly DiagnosticDescriptor DuplicateRollbackVersion = Create(
        3,
        DiagnosticSeverity.Error,
        "Two rollbacks have the same version",
        "Rollbacks '{0}' and '{1}' are both for version {2}. Keep one rollback script per migration: merge them or delete one.");

    public static readonly DiagnosticDescriptor RollbackWithoutMigration = Create(
        4,
        DiagnosticSeverity.Error,
        "Rollback has no migration",
        "Rollback '{0}' is for version {1}, but there is no up migration with that version. Rename it to the version of the migration it undoes, or delete it.");

    public static readonly DiagnosticDescriptor EmptyFile = Create(
        5,
        DiagnosticSeverity.Error,
        "SQL file has no statements",
        "'{0}' contains only whitespace and comments. Add its SQL, or delete the file.");

    public static readonly DiagnosticDescriptor UnterminatedQuote = Create(
        6,
        DiagnosticSeverity.Error,
        "Unterminated string or quoted identifier",
        "'{0}': the {1} opened here is never closed, so everything after it would be sent as part of it. Add the closing {2} (a {2} inside it is written twice).");

    public static readonly DiagnosticDescriptor UnterminatedBlockComment = Create(
        7,
        DiagnosticSeverity.Error,
        "Unterminated block comment",
        "'{0}': the block comment opened here is never closed. Add the matching */ (block comments nest in PostgreSQL, so every /* inside it needs its own */).");

    public static readonly DiagnosticDescriptor UnterminatedDollarQuote = Create(
        8,
        DiagnosticSeverity.Error,
        "Unterminated dollar quote",
        "'{0}': the dollar quote {1} opened here is never closed. End the quoted body with {1}.");

    public static readonly DiagnosticDescriptor TransactionControlInTransaction = Create(
        9,
        DiagnosticSeverity.Warning,
        "Transaction control statement in a transactional migration",
        "'{0}': {1} controls the transaction, but this file runs inside one transaction together with its ledger row, so the runner will refuse to apply it. Remove the statement, or put '-- cocktaildb:no-transaction' on the first line to run the file statement by statement outside a transaction.");

    public static readonly DiagnosticDescriptor SchemaBehindMigrations = Create(
        10,
        DiagnosticSeverity.Warning,
        "Schema file is behind the migrations",
        "Schema file '{0}' declares schema-version {1}, but the newest migration is version {2}. Fresh installs still work (the migrations after {1} are applied on top of it), but bring the schema file and its '-- schema-version' header up to date.");

    public static readonly DiagnosticDescriptor MissingSchemaVersion = Create(
        11,
        DiagnosticSeverity.Error,
        "Schema file has no schema-version header",
        "Schema file '{0}' has no '-- schema-version: N' header. Add a comment line such as '-- schema-version: 13' at the top, naming the newest migration the schema already contains.");

    public static readonly DiagnosticDescriptor UnterminatedAtomicBody = Create(
        12,
        DiagnosticSeverity.Error,
        "Unterminated BEGIN ATOMIC body",
        "'{0}': the BEGIN ATOMIC function body opened here has no matching END. Close the body with END before the statement's final ';'.");

    public static readonly DiagnosticDescriptor DuplicateSchemaFile = Create(
        13,
        DiagnosticSeverity.Error,
        "More than one schema file",
        "Schema files '{0}' and '{1}' are both marked as the schema. Pass a single schema file (the SchemaFile property).");

    public static readonly DiagnosticDescriptor InvalidHeader = Create(
        14,
        DiagnosticSeverity.Error,
        "Invalid cocktaildb header",
        "'{0}': {1}.");

    // CDB01xx: the lint of risky DDL (src/Ops.Generators/Lint, docs/migration-lint.md). Each
    // message names the lock or rewrite, and the fix.

    public static readonly DiagnosticDescriptor CreateIndexBlocksWrites = Create(
        101,
        DiagnosticSeverity.Warning,
        "CREATE INDEX blocks writes to an existing table",
        "'{0}': CREATE INDEX on {1} takes a SHARE lock: every INSERT, UPDATE and DELETE on {1} waits until the whole index is built. Use CREATE INDEX CONCURRENTLY IF NOT EXISTS in a migration whose first line is '-- cocktaildb:no-transaction' (with DROP INDEX CONCURRENTLY IF EXISTS before it, so a rerun after a failed build starts clean).");

    public static readonly DiagnosticDescriptor NotInTransaction = Create(
        102,
        DiagnosticSeverity.Error,
        "Statement cannot run inside a transaction",
        "'{0}': {1} cannot run inside a transaction block, and this file runs in one transaction, so PostgreSQL would refuse it at deploy time. Move it to a migration of its own whose first line is '-- cocktaildb:no-transaction'.");

    public static readonly DiagnosticDescriptor ConstraintValidatedUnderLock = Create(
        103,
        DiagnosticSeverity.Warning,
        "Constraint added without NOT VALID checks every row under a lock",
        "'{0}': adding {1} to {2} checks every existing row while holding {3}. Add it with NOT VALID (new rows are checked at once and the statement is instant), then VALIDATE CONSTRAINT in a later migration: validation takes only SHARE UPDATE EXCLUSIVE, so reads and writes go on.");

    public static readonly DiagnosticDescriptor ValidateInSameTransaction = Create(
        104,
        DiagnosticSeverity.Warning,
        "Constraint validated in the transaction that added it NOT VALID",
        "'{0}': constraint {1} on {2} is validated in the same transaction that added it NOT VALID, so the validating scan runs while the lock ADD CONSTRAINT took is still held, and NOT VALID gains nothing. Move VALIDATE CONSTRAINT to a later migration.");

    public static readonly DiagnosticDescriptor SetNotNullScans = Create(
        105,
        DiagnosticSeverity.Warning,
        "SET NOT NULL scans the table under ACCESS EXCLUSIVE",
        "'{0}': SET NOT NULL on {1}.{2} scans the whole table under ACCESS EXCLUSIVE (reads and writes wait). First add CHECK ({2} IS NOT NULL) NOT VALID and validate it in a later migration; from PostgreSQL 12, SET NOT NULL then relies on the validated check and skips the scan. If an earlier migration validated such a check, suppress this with that reason.");

    public static readonly DiagnosticDescriptor AlterColumnType = Create(
        106,
        DiagnosticSeverity.Warning,
        "ALTER COLUMN TYPE locks and usually rewrites the table",
        "'{0}': changing the type of {1}.{2} holds ACCESS EXCLUSIVE (reads and writes wait) and, unless the old type is binary-coercible to the new one (varchar(n) to text or to a longer varchar), rewrites the table and rebuilds its indexes. Add a column of the new type, backfill it in batches and move the application to it; if this change is binary-coercible, suppress this with that reason.");

    public static readonly DiagnosticDescriptor TableRewrite = Create(
        107,
        DiagnosticSeverity.Warning,
        "Statement rewrites an existing table",
        "'{0}': {2}, so {1} is rewritten under ACCESS EXCLUSIVE and reads and writes wait until it is done. {3}");

    public static readonly DiagnosticDescriptor IndexUnderAccessExclusive = Create(
        108,
        DiagnosticSeverity.Warning,
        "Constraint builds its index under ACCESS EXCLUSIVE",
        "'{0}': adding {1} to {2} builds an index while holding ACCESS EXCLUSIVE: reads and writes wait for the whole build. {3}");

    public static readonly DiagnosticDescriptor DropOrRenameInUse = Create(
        109,
        DiagnosticSeverity.Warning,
        "Drops or renames something the running application may use",
        "'{0}': this statement {1}, but {2} existed before this migration: the application version running during the deploy may still use it, and its queries fail from the moment this commits. First release an application that no longer uses it and drop it in a later migration (to rename: add the new name, write both, move reads, then drop the old one; a view with the old name can bridge). Once nothing uses it, suppress this with that reason.");

    public static readonly DiagnosticDescriptor EnumValueUsedInTransaction = Create(
        110,
        DiagnosticSeverity.Warning,
        "Enum value used in the transaction that added it",
        "'{0}': the enum value '{1}' was added by ALTER TYPE ... ADD VALUE earlier in this transaction, and PostgreSQL refuses to use it until that commits (\"unsafe use of new value\"). Add the value in an earlier migration or in a '-- cocktaildb:no-transaction' one. If '{1}' here is plain text that only matches the value, suppress this with that reason.");

    public static readonly DiagnosticDescriptor SuppressionWithoutReason = Create(
        111,
        DiagnosticSeverity.Warning,
        "Suppression has no reason",
        "'{0}': this suppression of {1} gives no reason, so it suppresses nothing. Say why the statement is safe after 'because': '-- cocktaildb:allow CDB0109 because nothing reads the old column since release 42'.");

    public static readonly DiagnosticDescriptor UnknownSuppression = Create(
        112,
        DiagnosticSeverity.Warning,
        "Suppression names no lint rule that can be suppressed",
        "'{0}': '{1}' is not a lint rule a suppression can silence (errors cannot be suppressed: PostgreSQL would refuse the statement). The rules that can be: {2}; see docs/migration-lint.md.");

    public static readonly DiagnosticDescriptor UnusedSuppression = Create(
        113,
        DiagnosticSeverity.Warning,
        "Suppression matches nothing",
        "'{0}': the suppression of {1} matches no diagnostic of the statement it covers. Remove it, or put it on the lines directly above the statement it is about.");

    /// <summary>The descriptor a <see cref="Models.DiagnosticInfo"/> names.</summary>
    public static DiagnosticDescriptor FindById(string id) => ById[id];

    private static DiagnosticDescriptor Create(int number, DiagnosticSeverity severity, string title, string messageFormat)
    {
        var descriptor = new DiagnosticDescriptor(
            "CDB" + number.ToString("0000", CultureInfo.InvariantCulture),
            title,
            messageFormat,
            Category,
            severity,
            isEnabledByDefault: true);

        // Registering here keeps the lookup and the list of descriptors from drifting apart.
        ById.Add(descriptor.Id, descriptor);
        return descriptor;
    }
}
