using CocktailDb.Ops.MSBuild.Tasks;

namespace CocktailDb.Ops.MSBuild.Remote;

/// <summary>-p:RemoteTempDir: the host folder the binary is copied into for one run.</summary>
public static class RemoteTempDirectory
{
    /// <returns>The folder without a trailing slash; /tmp when empty.</returns>
    public static string Validate(string? value)
    {
        var dir = string.IsNullOrWhiteSpace(value) ? "/tmp" : value.Trim();
        dir = dir.Length > 1 ? dir.TrimEnd('/') : dir;
        // Plain characters only: older scp versions hand the remote path to a shell.
        if (!dir.StartsWith('/') || !dir.All(c => char.IsAsciiLetterOrDigit(c) || c is '/' or '.' or '_' or '-'))
        {
            throw ErrorCodes.Error(ErrorCodes.InvalidSetting, $"RemoteTempDir '{value}' is not an absolute path on the host made of letters, digits and / . _ -; fix -p:RemoteTempDir.");
        }

        return dir;
    }
}
