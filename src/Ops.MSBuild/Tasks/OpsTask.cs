using CocktailDb.Ops.MSBuild.Processes;
using Microsoft.Build.Framework;

namespace CocktailDb.Ops.MSBuild.Tasks;

/// <summary>
/// Base of every task here. Tasks log, they don't throw: an expected failure is an
/// <see cref="OpsBuildException"/> turned into one MSBuild error with its OPSB code, so the
/// build result says what went wrong and what to do. Anything else that escapes (a full disk, a
/// bug) still ends as one coded error, never as MSBuild's MSB4018 stack trace; the stack trace
/// goes to the detailed log. A child process started through <see cref="Processes"/> is
/// killed when the build is cancelled (Ctrl+C).
/// </summary>
public abstract class OpsTask : Microsoft.Build.Utilities.Task, ICancelableTask
{
    private readonly CancellationTokenSource _cancel = new();

    protected CancellationToken CancellationToken => _cancel.Token;

    /// <summary>Starts child processes and streams their output into this task's log.</summary>
    internal ProcessLauncher Processes => new(this, CancellationToken);

    public sealed override bool Execute()
    {
        try
        {
            ExecuteCore();
        }
        catch (OpsBuildException ex)
        {
            LogError(ex);
        }
        catch (OperationCanceledException) when (_cancel.IsCancellationRequested)
        {
            Log.LogError(null, ErrorCodes.Cancelled, null, null, 0, 0, 0, 0, CancelledMessage);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Log.LogMessage(MessageImportance.Low, ex.ToString());
            Log.LogError(null, ErrorCodes.FileSystem, null, null, 0, 0, 0, 0, $"{ex.Message} Check that the path exists, that this account may read and write it, and that the disk has room.");
        }
        catch (Exception ex)
        {
            Log.LogMessage(MessageImportance.Low, ex.ToString());
            Log.LogError(null, ErrorCodes.Unexpected, null, null, 0, 0, 0, 0, $"{GetType().Name} failed unexpectedly: {ex.GetType().Name}: {ex.Message} (the detailed log, -v:diag, has the stack trace).");
        }

        return !Log.HasLoggedErrors;
    }

    public void Cancel() => _cancel.Cancel();

    protected abstract void ExecuteCore();

    /// <summary>What the error says after Ctrl+C.</summary>
    protected virtual string CancelledMessage => "cancelled; nothing was left half done (each migration commits whole or not at all).";

    internal void LogError(OpsBuildException ex) =>
        Log.LogError(null, ex.Code, null, ex.File, ex.Line, 0, 0, 0, ex.Message);

    /// <summary>
    /// A line for the person running the build, shown as it happens whichever logger prints the
    /// build. The terminal logger (the default of dotnet build in a terminal since .NET 9) shows
    /// no ordinary message at its default verbosity, whatever its importance
    /// (dotnet/msbuild#9667, #9810). The one kind it prints at once and keeps on screen is the
    /// "TLTESTOUTPUT" message test runners send from a project whose _TestRunStart target has
    /// started; the targets run that (empty) target before these tasks for exactly this reason.
    /// The console logger and binary logs treat it as an ordinary high-importance message.
    /// </summary>
    internal void LogHigh(string line) =>
        BuildEngine.LogMessageEvent(new ExtendedBuildMessageEventArgs("TLTESTOUTPUT", line, null, GetType().Name, MessageImportance.High));

    internal void LogNormal(string line) => Log.LogMessage(MessageImportance.Normal, line);

    /// <summary>The properties given on the command line (-p:Name=value), by name, case-insensitively.</summary>
    internal IReadOnlyDictionary<string, string> GlobalProperties() =>
        BuildEngine is IBuildEngine6 engine
            ? new Dictionary<string, string>(engine.GetGlobalProperties(), StringComparer.OrdinalIgnoreCase)
            : new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
}
