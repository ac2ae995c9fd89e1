namespace CocktailDb.Ops.MSBuild.Migration;

/// <summary>
/// Where the files embedded in the binary came from on this machine: the migrations folder and
/// schema.sql. A failure the binary reports by file name (it knows only the name) is turned
/// into the path of that file here, so the build error points at it, locally or for a host.
/// </summary>
public sealed record MigrationSources(string? MigrationsDir, string? SchemaFile)
{
    /// <returns>The full path of <paramref name="fileName"/> when it exists among the sources, else null.</returns>
    public string? Find(string fileName)
    {
        if (!string.IsNullOrEmpty(SchemaFile) && string.Equals(Path.GetFileName(SchemaFile), fileName, StringComparison.Ordinal) && File.Exists(SchemaFile))
        {
            return Path.GetFullPath(SchemaFile);
        }

        if (string.IsNullOrEmpty(MigrationsDir))
        {
            return null;
        }

        foreach (var candidate in new[] { Path.Combine(MigrationsDir, fileName), Path.Combine(MigrationsDir, "rollbacks", fileName) })
        {
            if (File.Exists(candidate))
            {
                return Path.GetFullPath(candidate);
            }
        }

        return null;
    }
}
