using System.Reflection;
using CocktailDb.Ops.Cli;
using CocktailDb.Ops.Migrations.Manifest;

namespace CocktailDb.Ops.Commands;

/// <summary>Commands that describe what this binary carries; none of them touches a database.</summary>
internal sealed class ManifestCommands
{
    /// <summary>List the migrations embedded in this binary: version, name, transaction mode, SHA-256.</summary>
    /// <param name="json">Print JSON instead of a table.</param>
    public int List(bool json = false)
    {
        if (json)
        {
            JsonOutput.Write(w =>
            {
                w.WriteStartObject();
                w.WriteString("checksumAlgorithm", EmbeddedManifest.ChecksumAlgorithm);
                w.WriteString("manifestHash", EmbeddedManifest.Hash);
                w.WriteStartArray("migrations");
                foreach (var m in EmbeddedManifest.Migrations)
                {
                    w.WriteStartObject();
                    w.WriteNumber("version", m.Version);
                    w.WriteString("file", m.FileName);
                    w.WriteString("description", m.Description);
                    w.WriteString("transaction", m.NoTransaction ? "none" : "single");
                    w.WriteString("sha256", m.Checksum);
                    w.WriteNumber("statements", m.Statements.Length);
                    w.WriteBoolean("hasRollback", EmbeddedManifest.FindRollback(m.Version) is not null);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                if (EmbeddedManifest.Schema is { } schema)
                {
                    w.WriteStartObject("schema");
                    w.WriteString("file", schema.FileName);
                    w.WriteNumber("version", schema.Version);
                    w.WriteString("sha256", schema.Checksum);
                    w.WriteEndObject();
                }

                w.WriteEndObject();
            });
            return ExitCodes.Ok;
        }

        Console.WriteLine($"{"VERSION",7}  {"TX",-6}  {"ROLLBACK",-8}  {"SHA-256",-64}  FILE");
        foreach (var m in EmbeddedManifest.Migrations)
        {
            var rollback = EmbeddedManifest.FindRollback(m.Version) is null ? "-" : "yes";
            Console.WriteLine($"{m.Version,7}  {(m.NoTransaction ? "none" : "single"),-6}  {rollback,-8}  {m.Checksum}  {m.FileName}");
        }

        if (EmbeddedManifest.Schema is { } s)
        {
            Console.WriteLine($"schema: {s.FileName} (contains migrations up to {s.Version}) {s.Checksum}");
        }

        Console.WriteLine($"{EmbeddedManifest.Migrations.Length} migrations, {EmbeddedManifest.Rollbacks.Length} rollbacks, checksums {EmbeddedManifest.ChecksumAlgorithm}");
        return ExitCodes.Ok;
    }

    /// <summary>Print the build version, the manifest hash and the number of embedded migrations.</summary>
    /// <param name="json">Print JSON instead of text.</param>
    public int Version(bool json = false)
    {
        var version = typeof(ManifestCommands).Assembly
            .GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";
        var newest = EmbeddedManifest.Migrations.Length == 0 ? 0 : EmbeddedManifest.Migrations[^1].Version;
        if (json)
        {
            JsonOutput.Write(w =>
            {
                w.WriteStartObject();
                w.WriteString("version", version);
                w.WriteString("manifestHash", EmbeddedManifest.Hash);
                w.WriteNumber("migrations", EmbeddedManifest.Migrations.Length);
                w.WriteNumber("newestMigration", newest);
                w.WriteString("runtime", System.Runtime.InteropServices.RuntimeInformation.RuntimeIdentifier);
                w.WriteEndObject();
            });
            return ExitCodes.Ok;
        }

        Console.WriteLine($"cocktaildb-ops {version}");
        Console.WriteLine($"manifest {EmbeddedManifest.Hash}");
        Console.WriteLine($"migrations {EmbeddedManifest.Migrations.Length} (newest {newest})");
        Console.WriteLine($"runtime {System.Runtime.InteropServices.RuntimeInformation.RuntimeIdentifier}");
        return ExitCodes.Ok;
    }
}
