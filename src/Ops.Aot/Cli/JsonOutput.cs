using System.Text.Json;

namespace CocktailDb.Ops.Cli;

/// <summary>
/// Writes one JSON document to standard output. Utf8JsonWriter needs no reflection, so it is
/// safe under trimming and Native AOT.
/// </summary>
internal static class JsonOutput
{
    public static void Write(Action<Utf8JsonWriter> write)
    {
        using var stdout = Console.OpenStandardOutput();
        using (var writer = new Utf8JsonWriter(stdout, new JsonWriterOptions { Indented = true }))
        {
            write(writer);
        }

        stdout.WriteByte((byte)'\n');
    }
}
