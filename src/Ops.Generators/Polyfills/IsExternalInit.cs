// netstandard2.0 predates init-only setters; the compiler only needs this type to exist to
// emit the positional record structs the pipeline models are made of.
namespace System.Runtime.CompilerServices;

internal static class IsExternalInit
{
}
