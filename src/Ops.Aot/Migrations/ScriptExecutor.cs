using CocktailDb.Ops.Cli;
using CocktailDb.Ops.Migrations.Manifest;
using Npgsql;

namespace CocktailDb.Ops.Migrations;

/// <summary>
/// Runs the statements of one embedded script. The split was done at build time, so nothing
/// here guesses where a statement ends.
/// </summary>
internal static class ScriptExecutor
{
    /// <summary>
    /// Runs every statement and then <paramref name="ledgerCommands"/> in one transaction:
    /// BEGIN, the statements, the ledger row and COMMIT go as one batch, one round trip. On an
    /// error PostgreSQL skips the rest of the batch, COMMIT included, and the transaction is
    /// rolled back: either all of it commits or none of it does.
    /// </summary>
    /// <param name="timeouts">A command that sets the file's own timeouts for the transaction, or null.</param>
    public static async Task RunInTransactionAsync(
        NpgsqlConnection connection,
        string fileName,
        IReadOnlyList<SqlStatement> statements,
        IEnumerable<NpgsqlBatchCommand> ledgerCommands,
        CancellationToken ct,
        NpgsqlBatchCommand? timeouts = null)
    {
        await using var batch = new NpgsqlBatch(connection);
        batch.BatchCommands.Add(new NpgsqlBatchCommand("BEGIN"));
        var first = 1;
        if (timeouts is not null)
        {
            batch.BatchCommands.Add(timeouts);
            first++;
        }

        foreach (var statement in statements)
        {
            batch.BatchCommands.Add(new NpgsqlBatchCommand(statement.Text));
        }

        foreach (var command in ledgerCommands)
        {
            batch.BatchCommands.Add(command);
        }

        batch.BatchCommands.Add(new NpgsqlBatchCommand("COMMIT"));
        try
        {
            await batch.ExecuteNonQueryAsync(ct);
        }
        catch (PostgresException ex)
        {
            await RollBackAsync(connection);
            var index = ex.BatchCommand is { } failed ? batch.BatchCommands.IndexOf(failed) - first : -1;
            if (index >= 0 && index < statements.Count)
            {
                throw Failure(fileName, statements, index, ex, "nothing from this file was applied (the transaction was rolled back)");
            }

            throw new OpsException(ExitCodes.Failed, $"{fileName}: recording it in {Ledger.Table} failed, so nothing from it was applied: {ex.MessageText} [{ex.SqlState}]", ex);
        }
    }

    /// <summary>Ends the failed transaction block the batch leaves behind, so the connection can go on.</summary>
    public static async Task RollBackAsync(NpgsqlConnection connection)
    {
        if (connection.FullState == System.Data.ConnectionState.Open)
        {
            await using var rollback = new NpgsqlCommand("ROLLBACK", connection);
            await rollback.ExecuteNonQueryAsync();
        }
    }

    /// <summary>
    /// Runs each statement on its own, outside any transaction (for CREATE INDEX CONCURRENTLY
    /// and friends), then <paramref name="ledgerCommands"/>. A failure leaves earlier statements
    /// applied; the message says which, and the file is not recorded.
    /// </summary>
    public static async Task RunWithoutTransactionAsync(
        NpgsqlConnection connection,
        string fileName,
        IReadOnlyList<SqlStatement> statements,
        IEnumerable<NpgsqlBatchCommand> ledgerCommands,
        CancellationToken ct)
    {
        for (var i = 0; i < statements.Count; i++)
        {
            await using var command = new NpgsqlCommand(statements[i].Text, connection);
            try
            {
                await command.ExecuteNonQueryAsync(ct);
            }
            catch (PostgresException ex)
            {
                var done = i == 0
                    ? "no statement of it had run; the file is not recorded"
                    : $"statement{(i == 1 ? " 1 has" : $"s 1-{i} have")} already run and stay applied (no transaction); the file is not recorded, so make them safe to repeat (IF NOT EXISTS) before running again";
                throw Failure(fileName, statements, i, ex, done);
            }
        }

        await using var batch = new NpgsqlBatch(connection);
        foreach (var command in ledgerCommands)
        {
            batch.BatchCommands.Add(command);
        }

        await batch.ExecuteNonQueryAsync(ct);
    }

    public static OpsException Failure(string fileName, IReadOnlyList<SqlStatement> statements, int index, PostgresException ex, string consequence)
    {
        var statement = statements[index];
        var line = statement.Line;
        if (ex.Position > 0 && ex.Position <= statement.Text.Length)
        {
            line += statement.Text.AsSpan(0, ex.Position - 1).Count('\n');
        }

        var detail = ex.Detail is { Length: > 0 } d ? $" ({d})" : string.Empty;
        return new OpsException(
            LockConflictReport.IsLockConflict(ex) ? ExitCodes.DdlLockTimeout : ExitCodes.Failed,
            $"{fileName}, statement {index + 1} of {statements.Count} (line {line}): {ex.MessageText}{detail} [{ex.SqlState}]; {consequence}",
            ex);
    }
}
