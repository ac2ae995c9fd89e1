namespace CocktailDb.Ops.MSBuild.Tests.Infrastructure;

/// <summary>Small executable scripts for tests that run a task in-process, each in a folder of its own.</summary>
public static class Scripts
{
    public static string Write(string name, string body)
    {
        var dir = Path.Combine(Path.GetTempPath(), "cocktaildb-msbuild-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, name);
        File.WriteAllText(path, "#!/usr/bin/env bash\n" + body + "\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }
}
