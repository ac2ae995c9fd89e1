using CocktailDb.Ops.Shared;
using Npgsql;

namespace CocktailDb.Ops.Migrations;

/// <summary>
/// The <c>schema_migrations</c> table. Production already has it, created by the old bash
/// runner as <c>(filename TEXT PRIMARY KEY, applied_at TIMESTAMP)</c> with rows for 01..13:
/// it is adopted in place by adding columns, never recreated, and the old columns keep working
/// (the old runner's <c>SELECT 1 ... WHERE filename = ...</c> and <c>INSERT (filename)</c> still do).
/// </summary>
internal static class Ledger
{
    public const string Table = "schema_migrations";

    private const string CreateSql = """
        CREATE TABLE IF NOT EXISTS schema_migrations (
            filename TEXT PRIMARY KEY,
            applied_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
        )
        """;

    // Added to the legacy table. Defaults keep rows inserted by the old runner valid: they are 'legacy'.
    private const string AdoptSql = """
        ALTER TABLE schema_migrations
            ADD COLUMN IF NOT EXISTS checksum TEXT,
            ADD COLUMN IF NOT EXISTS checksum_algorithm TEXT,
            ADD COLUMN IF NOT EXISTS method TEXT NOT NULL DEFAULT 'legacy',
            ADD COLUMN IF NOT EXISTS execution_ms INTEGER,
            ADD COLUMN IF NOT EXISTS applied_by TEXT
        """;

    private const string ReadAdoptedSql = "SELECT filename, applied_at, checksum, checksum_algorithm, method, execution_ms FROM schema_migrations";

    // Answers with a LedgerShape value; adopted means the last column this tool adds is there.
    private const string ProbeSql = """
        SELECT CASE
            WHEN to_regclass('schema_migrations') IS NULL THEN 0
            WHEN EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = to_regclass('schema_migrations')
                         AND attname = 'applied_by' AND NOT attisdropped) THEN 2
            ELSE 1 END
        """;

    /// <summary>What the database has: no ledger, the old runner's table, or one this tool adopted. One round trip.</summary>
    public static async Task<LedgerShape> ProbeAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(ProbeSql, connection);
        return (LedgerShape)(int)(await command.ExecuteScalarAsync(ct))!;
    }

    /// <summary>Creates the table, or adds the columns this tool needs to an existing one. Idempotent.</summary>
    /// <param name="known">The shape when the caller has just probed it.</param>
    public static async Task EnsureAsync(NpgsqlConnection connection, CancellationToken ct, LedgerShape? known = null)
    {
        // Skip the ALTER (and its brief exclusive lock) when the table is already adopted.
        if ((known ?? await ProbeAsync(connection, ct)) == LedgerShape.Adopted)
        {
            return;
        }

        await using var batch = new NpgsqlBatch(connection);
        foreach (var command in CreateCommands())
        {
            batch.BatchCommands.Add(command);
        }

        await batch.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Creates (or adopts) the table; for use inside a larger batch.</summary>
    public static IEnumerable<NpgsqlBatchCommand> CreateCommands() =>
        [new NpgsqlBatchCommand(CreateSql), new NpgsqlBatchCommand(AdoptSql)];

    /// <summary>Removes the row of a rolled-back migration; runs in the caller's transaction.</summary>
    public static NpgsqlBatchCommand Delete(string fileName) =>
        new("DELETE FROM schema_migrations WHERE filename = $1") { Parameters = { new NpgsqlParameter { Value = fileName } } };

    /// <summary>Records the checksum of a legacy row on purpose (baseline), leaving its other columns alone.</summary>
    public static NpgsqlBatchCommand RecordChecksum(string fileName, string checksum) =>
        new("UPDATE schema_migrations SET checksum = $2, checksum_algorithm = $3 WHERE filename = $1 AND checksum IS NULL")
        {
            Parameters =
            {
                new NpgsqlParameter { Value = fileName },
                new NpgsqlParameter { Value = checksum },
                new NpgsqlParameter { Value = MigrationChecksum.Algorithm },
            },
        };

    /// <summary>Reads every row; works on an adopted table and on the legacy two-column one.</summary>
    /// <param name="known">The shape when the caller has just probed or ensured it.</param>
    public static async Task<List<LedgerRow>> ReadAsync(NpgsqlConnection connection, CancellationToken ct, LedgerShape? known = null)
    {
        var shape = known ?? await ProbeAsync(connection, ct);
        if (shape == LedgerShape.Missing)
        {
            return [];
        }

        var sql = shape == LedgerShape.Adopted
            ? ReadAdoptedSql
            : "SELECT filename, applied_at, NULL::text, NULL::text, 'legacy', NULL::int FROM schema_migrations";
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await ReadRowsAsync(reader, ct);
    }

    /// <summary>
    /// Reads an adopted ledger, as a command to send along with other work without probing the
    /// shape first; hand the reader to <see cref="ReadRowsAsync"/>. On a database without the
    /// table or with the legacy one it fails with an error <see cref="IsNotAdopted"/> recognises.
    /// </summary>
    public static NpgsqlBatchCommand ReadAdoptedCommand() => new(ReadAdoptedSql);

    /// <summary>The errors of <see cref="ReadAdoptedCommand"/> on a missing or legacy ledger: no such table, no such column.</summary>
    public static bool IsNotAdopted(PostgresException ex) =>
        ex.SqlState is PostgresErrorCodes.UndefinedTable or PostgresErrorCodes.UndefinedColumn;

    /// <summary>The rows of the result the reader is on.</summary>
    public static async Task<List<LedgerRow>> ReadRowsAsync(NpgsqlDataReader reader, CancellationToken ct)
    {
        var rows = new List<LedgerRow>();
        while (await reader.ReadAsync(ct))
        {
            rows.Add(new LedgerRow(
                reader.GetString(0),
                reader.IsDBNull(1) ? null : reader.GetDateTime(1),
                reader.IsDBNull(2) ? null : reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetString(3),
                ParseMethod(reader.GetString(4)),
                reader.IsDBNull(5) ? null : reader.GetInt32(5)));
        }

        return rows;
    }

    /// <summary>The command that records <paramref name="fileName"/>; runs in the caller's transaction.</summary>
    /// <remarks>execution_ms is the time since the transaction began, i.e. how long the migration's statements took.</remarks>
    public static NpgsqlBatchCommand Insert(string fileName, string checksum, LedgerMethod method)
    {
        var command = new NpgsqlBatchCommand(
            "INSERT INTO schema_migrations (filename, applied_at, checksum, checksum_algorithm, method, execution_ms, applied_by) " +
            "VALUES ($1, CURRENT_TIMESTAMP, $2, $3, $4, (extract(epoch FROM clock_timestamp() - now()) * 1000)::int, current_setting('application_name'))");
        command.Parameters.Add(new NpgsqlParameter { Value = fileName });
        command.Parameters.Add(new NpgsqlParameter { Value = checksum });
        command.Parameters.Add(new NpgsqlParameter { Value = MigrationChecksum.Algorithm });
        command.Parameters.Add(new NpgsqlParameter { Value = FormatMethod(method) });
        return command;
    }

    public static string FormatMethod(LedgerMethod method) => method switch
    {
        LedgerMethod.Applied => "applied",
        LedgerMethod.Baseline => "baseline",
        LedgerMethod.Schema => "schema",
        _ => "legacy",
    };

    private static LedgerMethod ParseMethod(string value) => value switch
    {
        "applied" => LedgerMethod.Applied,
        "baseline" => LedgerMethod.Baseline,
        "schema" => LedgerMethod.Schema,
        _ => LedgerMethod.Legacy,
    };
}
