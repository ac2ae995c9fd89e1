using ConsoleAppFramework;

namespace CocktailDb.Ops.Cli;

/// <summary>
/// Turns every way a command can end into the exit-code contract. The framework's own
/// behaviour (exit 1 with a stack trace for any exception, also for a mistyped option) is
/// not what an operator at 3 a.m. wants to read.
/// </summary>
internal sealed class ErrorFilter(ConsoleAppFilter next) : ConsoleAppFilter(next)
{
    public override async Task InvokeAsync(ConsoleAppContext context, CancellationToken cancellationToken)
    {
        try
        {
            await Next.InvokeAsync(context, cancellationToken);
        }
        catch (ArgumentParseFailedException ex)
        {
            Fail(ExitCodes.Usage, $"{ex.Message} Run 'cocktaildb-ops {context.CommandName} --help' for the options.");
        }
        catch (OpsException ex)
        {
            Fail(ex.ExitCode, ex.Message);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            Fail(ExitCodes.Interrupted, "interrupted; nothing was left half done (each step is one transaction)");
        }
        catch (Exception ex)
        {
            // Unexpected: keep the type so a bug report is useful, but no stack trace noise.
            Fail(ExitCodes.Failed, $"{ex.GetType().Name}: {ex.Message}");
        }
    }

    private static void Fail(int exitCode, string message)
    {
        Log.Error(message);
        Environment.ExitCode = exitCode;
    }
}
