namespace CocktailDb.Ops.MSBuild.Tasks;

/// <summary>
/// An expected failure: <see cref="OpsTask"/> logs it as one error with <see cref="Code"/>.
/// <see cref="File"/> (and <see cref="Line"/>) name the file the error is about, when there is
/// one (a migration, environments.props), so IDEs and CI annotate that file instead of the project.
/// </summary>
public sealed class OpsBuildException(string code, string message) : Exception(message)
{
    public string Code { get; } = code;

    public string? File { get; private init; }

    /// <summary>1-based; 0 when the error is about the file as a whole.</summary>
    public int Line { get; private init; }

    /// <summary>The same error, pointing at <paramref name="file"/>.</summary>
    public OpsBuildException At(string? file, int line = 0) => new(Code, Message) { File = file, Line = file is null ? 0 : line };
}
