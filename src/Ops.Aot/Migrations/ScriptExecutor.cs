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
    /// Runs every statement and then <paramref name="ledgerCommands"/> in one transaction, sent
    /// as one batch (one round trip). Either all of it commits or none of it does.
    /// </summary>
    public static async Task RunInTransactionAsync(
        NpgsqlConnection connection,
        string fileName,
        IReadOnlyList<SqlStatement> statements,
        IEnumerable<NpgsqlBatchCommand> ledgerCommands,
        CancellationToken ct)
    {
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await using var batch = new NpgsqlBatch(connection, transaction);
        foreach (var statement in statements)
        {
            batch.BatchCommands.Add(new NpgsqlBatchCommand(statement.Text));
        }

        foreach (var command in ledgerCommands)
        {
            batch.BatchCommands.Add(command);
        }

        try
        {
            await batch.ExecuteNonQueryAsync(ct);
            await transaction.CommitAsync(ct);
        }
        catch (PostgresException ex)
        {
            var index = ex.BatchCommand is { } failed ? batch.BatchCommands.IndexOf(failed) : -1;
            if (index >= 0 && index < statements.Count)
            {
                throw Failure(fileName, statements, index, ex, "nothing from this file was applied (the transaction was rolled back)");
            }

            throw new OpsException(ExitCodes.Failed, $"{fileName}: recording it in {Ledger.Table} failed, so nothing from it was applied: {ex.MessageText} [{ex.SqlState}]", ex);
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

    private static OpsException Failure(string fileName, IReadOnlyList<SqlStatement> statements, int index, PostgresException ex, string consequence)
    {
        var statement = statements[index];
        var line = statement.Line;
        if (ex.Position > 0 && ex.Position <= statement.Text.Length)
        {
            line += statement.Text.AsSpan(0, ex.Position - 1).Count('\n');
        }

        var detail = ex.Detail is { Length: > 0 } d ? $" ({d})" : string.Empty;
        return new OpsException(
            ExitCodes.Failed,
            $"{fileName}, statement {index + 1} of {statements.Count} (line {line}): {ex.MessageText}{detail} [{ex.SqlState}]; {consequence}",
            ex);
    }
}
