namespace CocktailDb.Ops.MSBuild.Tasks;

/// <summary>An expected failure: <see cref="OpsTask"/> logs it as one error with <see cref="Code"/>.</summary>
public sealed class OpsBuildException(string code, string message) : Exception(message)
{
    public string Code { get; } = code;
}
