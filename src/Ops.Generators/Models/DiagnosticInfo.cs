using Microsoft.CodeAnalysis;

namespace CocktailDb.Ops.Generators.Models;

/// <summary>
/// A diagnostic waiting to be reported. It holds the descriptor's id rather than the descriptor
/// so the pipeline models stay plain strings and numbers.
/// </summary>
internal readonly record struct DiagnosticInfo(string Id, LocationInfo Location, EquatableArray<string> MessageArgs)
{
    public static DiagnosticInfo Create(DiagnosticDescriptor descriptor, LocationInfo location, params string[] messageArgs) =>
        new(descriptor.Id, location, new EquatableArray<string>(messageArgs));

    public Diagnostic ToDiagnostic()
    {
        var args = new object[MessageArgs.Count];
        for (var i = 0; i < args.Length; i++)
        {
            args[i] = MessageArgs[i];
        }

        return Diagnostic.Create(DiagnosticDescriptors.FindById(Id), Location.ToLocation(), args);
    }
}
