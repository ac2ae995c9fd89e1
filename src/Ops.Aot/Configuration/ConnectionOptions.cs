namespace CocktailDb.Ops.Configuration;

/// <summary>Where a command finds its database, as given on the command line.</summary>
/// <param name="EnvFile">--env-file; null means /opt/cocktaildb/.env when it exists.</param>
/// <param name="Connection">--connection: a postgres:// URL or an Npgsql connection string.</param>
internal readonly record struct ConnectionOptions(string? EnvFile, string? Connection);
