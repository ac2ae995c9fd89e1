using CocktailDb.Ops.Cli;
using CocktailDb.Ops.Migrations.Manifest;
using Npgsql;

namespace CocktailDb.Ops.Migrations;

/// <summary>
/// How far a no-transaction migration got: <c>schema_migrations_progress</c> holds, per file
/// that has started but not finished, how many of its statements have run. The ledger itself
/// gets a row only when the whole file has run (the old runner, and anything else reading
/// schema_migrations, must never see a half-applied file as applied). Created when the first
/// no-transaction migration runs, next to the ledger.
/// </summary>
internal sealed class StatementProgress(NpgsqlConnection connection, MigrationScript script)
{
    public const string Table = "schema_migrations_progress";

    // Schema-qualified once found: the file's own statements may change search_path.
    private string _table = Table;

    /// <summary>How many statements of each partly applied file have run, by file name; empty when no no-transaction file has run here.</summary>
    public static async Task<Dictionary<string, int>> ReadAllAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        var done = new Dictionary<string, int>();
        await using (var exists = new NpgsqlCommand($"SELECT to_regclass('{Table}') IS NOT NULL", connection))
        {
            if (await exists.ExecuteScalarAsync(ct) is not true)
            {
                return done;
            }
        }

        await using var read = new NpgsqlCommand($"SELECT filename, statements_done FROM {Table}", connection);
        await using var reader = await read.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            done[reader.GetString(0)] = reader.GetInt32(1);
        }

        return done;
    }

    /// <summary>Creates the table if missing; the number of statements already run (0 for a fresh start).</summary>
    /// <exception cref="OpsException">Exit 3 when the statements were run from a different version of the file.</exception>
    public async Task<int> StartAsync(CancellationToken ct)
    {
        await using var batch = new NpgsqlBatch(connection)
        {
            BatchCommands =
            {
                new NpgsqlBatchCommand(
                    $"""
                    CREATE TABLE IF NOT EXISTS {Table} (
                        filename TEXT PRIMARY KEY,
                        checksum TEXT NOT NULL,
                        statements_done INTEGER NOT NULL,
                        updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
                    )
                    """),
                new NpgsqlBatchCommand(
                    $"SELECT quote_ident(n.nspname) || '.' || quote_ident(c.relname), p.statements_done, p.checksum " +
                    $"FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace LEFT JOIN {Table} p ON p.filename = $1 " +
                    $"WHERE c.oid = to_regclass('{Table}')")
                {
                    Parameters = { new NpgsqlParameter { Value = script.FileName } },
                },
            },
        };
        await using var reader = await batch.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        _table = reader.GetString(0);
        if (reader.IsDBNull(1))
        {
            return 0;
        }

        var done = reader.GetInt32(1);
        var checksum = reader.GetString(2);
        if (!string.Equals(checksum, script.Checksum, StringComparison.OrdinalIgnoreCase))
        {
            throw new OpsException(
                ExitCodes.Drift,
                $"{script.FileName} was partly applied ({(done == 1 ? "statement 1" : $"statements 1-{done}")}) from a file with checksum {checksum}, but this binary's file hashes to {script.Checksum}, " +
                "so the statements already run may not be the ones it has now. Compare the database with the file: if it matches the file's first statements, " +
                $"DELETE FROM {Table} WHERE filename = '{script.FileName}' and run migrate again (the file then runs from its first statement); otherwise deploy the binary that started it.");
        }

        return done;
    }

    /// <summary>
    /// Notes that statements 1..<paramref name="done"/> have run; in the same transaction as the
    /// last of them wherever PostgreSQL allows. Written as the user that logged in, whatever
    /// role the file's statements took on (undone when the transaction ends).
    /// </summary>
    public IEnumerable<NpgsqlBatchCommand> Note(int done) =>
    [
        new NpgsqlBatchCommand("SELECT set_config('role', 'none', true)"),
        new NpgsqlBatchCommand(
            $"INSERT INTO {_table} (filename, checksum, statements_done) VALUES ($1, $2, $3) " +
            "ON CONFLICT (filename) DO UPDATE SET checksum = excluded.checksum, statements_done = excluded.statements_done, updated_at = now()")
        {
            Parameters =
            {
                new NpgsqlParameter { Value = script.FileName },
                new NpgsqlParameter { Value = script.Checksum },
                new NpgsqlParameter { Value = done },
            },
        },
    ];

    /// <summary>Removes the file's row; goes in the transaction that writes its ledger row.</summary>
    public NpgsqlBatchCommand Forget() =>
        new($"DELETE FROM {_table} WHERE filename = $1") { Parameters = { new NpgsqlParameter { Value = script.FileName } } };
}
