namespace CocktailDb.Ops.Configuration;

/// <summary>Where a command finds its database, as given on the command line.</summary>
/// <param name="EnvFile">--env-file; null means /opt/cocktaildb/.env when it exists.</param>
/// <param name="Connection">--connection: a postgres:// URL or an Npgsql connection string.</param>
/// <param name="FileFirst">
/// A DB_* value in the env file wins over the same variable in the environment. For the unit
/// hooks, whose environment a unit's EnvironmentFile= may fill by systemd's rules instead of
/// Docker Compose's; every other command takes the environment first (DESIGN.md section 3).
/// </param>
internal readonly record struct ConnectionOptions(string? EnvFile, string? Connection, bool FileFirst = false);
