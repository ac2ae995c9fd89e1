using CocktailDb.Ops.MSBuild.Processes;
using Microsoft.Build.Framework;

namespace CocktailDb.Ops.MSBuild.Tasks;

/// <summary>
/// Base of every task here. Tasks log, they don't throw: an expected failure is an
/// <see cref="OpsBuildException"/> turned into one MSBuild error with its OPSB code, so the
/// build result says what went wrong and what to do. A child process started through
/// <see cref="Processes"/> is killed when the build is cancelled (Ctrl+C).
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
            Log.LogError(null, ErrorCodes.Cancelled, null, null, 0, 0, 0, 0, "cancelled; a remote migrate that had started keeps its transaction guarantees (each migration commits whole or not at all)");
        }

        return !Log.HasLoggedErrors;
    }

    public void Cancel() => _cancel.Cancel();

    protected abstract void ExecuteCore();

    internal void LogError(OpsBuildException ex) =>
        Log.LogError(null, ex.Code, null, null, 0, 0, 0, 0, ex.Message);

    /// <summary>A line for the developer: shown at the default verbosity of dotnet build.</summary>
    internal void LogHigh(string line) => Log.LogMessage(MessageImportance.High, line);

    internal void LogNormal(string line) => Log.LogMessage(MessageImportance.Normal, line);
}
