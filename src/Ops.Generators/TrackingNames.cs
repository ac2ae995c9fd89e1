namespace CocktailDb.Ops.Generators;

/// <summary>Names of the pipeline stages, so tests can check what the driver cached.</summary>
internal static class TrackingNames
{
    /// <summary>One model per AdditionalText: parsed, hashed and split.</summary>
    public const string ParsedFiles = nameof(ParsedFiles);

    /// <summary>All files together, with the cross-file diagnostics.</summary>
    public const string Manifest = nameof(Manifest);
}
