using CocktailDb.Ops.Migrations.Manifest;
using Npgsql;

namespace CocktailDb.Ops.Migrations;

/// <summary>
/// A script to run and the ledger change that records it: the row of an applied migration, the
/// removal of a rolled-back one's, the ledger and the baseline rows of a schema install.
/// </summary>
/// <param name="Record">Fresh commands on every call: a command belongs to one batch, and a retried run sends a new one.</param>
/// <param name="Done">What the log says once it has run, e.g. "applied 14_x.sql (one transaction)".</param>
internal sealed record ScriptRun(MigrationScript Script, Func<IEnumerable<NpgsqlBatchCommand>> Record, string Done);
