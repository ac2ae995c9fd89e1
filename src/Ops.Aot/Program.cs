using CocktailDb.Ops.Cli;
using CocktailDb.Ops.Commands;
using ConsoleAppFramework;

if (CommandLine.FindUsageError(args) is { } usageError)
{
    Log.Error(usageError);
    return RefreshHookCommands.ConditionExitCode(args, ExitCodes.Usage);
}

// SIGTERM or Ctrl+C cancels the command; a debounce check then kills its job and records
// that, retrying for up to about half a minute if the database is restarting too. The
// framework's default grace period (5 s) would cut that short; systemd's stop timeout (90 s)
// still bounds it.
ConsoleApp.Timeout = TimeSpan.FromSeconds(60);
// The framework prints its generated help through ConsoleApp.Log; HelpText makes it read like a hand-written tool's.
ConsoleApp.Log = text => Console.WriteLine(HelpText.IsHelp(text) ? HelpText.Rewrite(text).TrimEnd() : text);
var app = ConsoleApp.Create();
app.UseFilter<ErrorFilter>();
app.Add<MigrationCommands>();
app.Add<ManifestCommands>();
app.Add<DebounceCommand>();
app.Add<RefreshHookCommands>("refresh");
await app.RunAsync(args);
if (args is ["-h" or "--help"])
{
    Console.WriteLine();
    Console.Write(HelpText.Footer());
}

return RefreshHookCommands.ConditionExitCode(args, Environment.ExitCode);
