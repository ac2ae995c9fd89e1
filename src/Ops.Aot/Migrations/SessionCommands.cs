using CocktailDb.Ops.Shared;
using Npgsql;

namespace CocktailDb.Ops.Migrations;

/// <summary>
/// Keeps what one migration does to its session from reaching the next. A migration may SET
/// search_path, SET ROLE or change a timeout for its own statements; on a shared connection
/// that would silently change where the next migration creates its tables, as whom, or how
/// long it may wait. Every migration therefore ends by returning the session to the state it
/// started in: the startup values of SessionDefaults (our lock and statement timeouts) and the
/// user that logged in.
/// </summary>
internal static class SessionCommands
{
    /// <summary>
    /// RESET SESSION AUTHORIZATION also undoes SET ROLE, which RESET ALL leaves alone; RESET ALL
    /// returns every other setting to its startup value. Inside a transaction both take effect
    /// when it commits and vanish with it when it rolls back, when the session is as it was.
    /// </summary>
    public static IEnumerable<NpgsqlBatchCommand> Reset() =>
        [new NpgsqlBatchCommand("RESET SESSION AUTHORIZATION"), new NpgsqlBatchCommand("RESET ALL")];

    /// <summary>Sets both timeouts: for the current transaction (<paramref name="local"/>) or the session.</summary>
    public static NpgsqlBatchCommand SetTimeouts(TimeSpan lockTimeout, TimeSpan statementTimeout, bool local) =>
        new("SELECT set_config('lock_timeout', $1, $3), set_config('statement_timeout', $2, $3)")
        {
            Parameters =
            {
                new NpgsqlParameter { Value = MigrationTimeouts.ToSetting(lockTimeout) },
                new NpgsqlParameter { Value = MigrationTimeouts.ToSetting(statementTimeout) },
                new NpgsqlParameter { Value = local },
            },
        };
}
