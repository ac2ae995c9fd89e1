using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace CocktailDb.Ops.Generators.Tests.Infrastructure;

/// <summary>An AdditionalText that never touches the disk.</summary>
internal sealed class InMemoryAdditionalText(string path, SourceText text) : AdditionalText
{
    public InMemoryAdditionalText(string path, string text)
        : this(path, SourceText.From(text))
    {
    }

    public override string Path { get; } = path;

    public override SourceText GetText(CancellationToken cancellationToken = default) => text;
}
