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
