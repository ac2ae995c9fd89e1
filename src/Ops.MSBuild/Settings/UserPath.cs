namespace CocktailDb.Ops.MSBuild.Settings;

/// <summary>
/// A path the user typed (-p:EnvFile=, -p:LocalDbDir=, -p:PostgresBinDir=, COCKTAILDB_SSH_KEY).
/// Relative paths mean what they mean in the shell the user typed them in: relative to the
/// directory dotnet build ran in (MSBuildStartupDirectory), not to the project that defines the
/// target. A leading ~/ is the home folder: the shell leaves it alone inside -p:Name=~/x.
/// </summary>
public static class UserPath
{
    /// <returns>An absolute path, or null for an empty value.</returns>
    public static string? Resolve(string? value, string? startupDirectory)
    {
        var path = value?.Trim();
        if (string.IsNullOrEmpty(path))
        {
            return null;
        }

        if (path == "~" || path.StartsWith("~/", StringComparison.Ordinal))
        {
            var home = Environment.GetEnvironmentVariable("HOME");
            if (!string.IsNullOrEmpty(home))
            {
                path = home + path[1..];
            }
        }

        var basePath = string.IsNullOrWhiteSpace(startupDirectory) ? Environment.CurrentDirectory : startupDirectory;
        return Path.GetFullPath(path, basePath);
    }
}
