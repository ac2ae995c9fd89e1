namespace CocktailDb.Ops.Cli;

/// <summary>
/// An expected failure: its message is printed as is (no stack trace) and the process exits
/// with <see cref="ExitCode"/>. The message must be fit for an operator: what went wrong, on
/// which input, and what to do. Never put a password in it.
/// </summary>
internal sealed class OpsException(int exitCode, string message, Exception? inner = null) : Exception(message, inner)
{
    public int ExitCode { get; } = exitCode;

    public static OpsException Configuration(string message) => new(ExitCodes.Configuration, message);

    public static OpsException Usage(string message) => new(ExitCodes.Usage, message);
}
