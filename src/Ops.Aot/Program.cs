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
return Environment.ExitCode;
