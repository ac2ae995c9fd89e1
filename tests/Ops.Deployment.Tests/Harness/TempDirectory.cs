namespace CocktailDb.Ops.Deployment.Tests.Harness;

/// <summary>A folder of one test's own, removed when the test is done.</summary>
internal sealed class TempDirectory : IDisposable
{
    public TempDirectory() => System.IO.Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "cocktaildb-deploy-" + Guid.NewGuid().ToString("N")[..12]);

    public string File(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>Writes a file readable by its owner only, as secrets and scripts are kept.</summary>
    public string Write(string name, string text, UnixFileMode mode = UnixFileMode.UserRead | UnixFileMode.UserWrite)
    {
        var path = File(name);
        System.IO.File.WriteAllText(path, text);
        System.IO.File.SetUnixFileMode(path, mode);
        return path;
    }

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A process the test started may still hold a file; the OS temp cleaner gets it later.
        }
    }
}
