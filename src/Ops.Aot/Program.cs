using CocktailDb.Ops.Cli;
using CocktailDb.Ops.Commands;
using ConsoleAppFramework;

if (CommandLine.FindUsageError(args) is { } usageError)
{
    Console.Error.WriteLine($"error: {usageError}");
    return ExitCodes.Usage;
}

var app = ConsoleApp.Create();
app.UseFilter<ErrorFilter>();
app.Add<MigrationCommands>();
app.Add<ManifestCommands>();
app.Add<DebounceCommand>();
await app.RunAsync(args);
if (args is ["-h" or "--help"])
{
    Console.WriteLine();
    Console.WriteLine(ExitCodes.HelpTable);
    Console.WriteLine("Database: DB_HOST DB_PORT DB_USER DB_PASSWORD DB_NAME (+ DB_SSLMODE) from the environment, else --env-file (default /opt/cocktaildb/.env), or --connection.");
}

return Environment.ExitCode;
