using System.Runtime.InteropServices;

namespace CocktailDb.Ops.MSBuild.Processes;

/// <summary>
/// Descriptors this process inherited without close-on-exec would otherwise pass on to every
/// program it starts, and on to their children. A long-lived child (the throwaway PostgreSQL
/// server) then keeps them open after the build: a build run as <c>flock lockfile dotnet
/// build ...</c> would leave the lock held for as long as the server runs. .NET marks the
/// descriptors it opens itself close-on-exec, so only inherited ones (3 and up) need it.
/// </summary>
internal static class InheritedDescriptors
{
    private const int GetFlags = 1; // F_GETFD
    private const int SetFlags = 2; // F_SETFD
    private const int CloseOnExecFlag = 1; // FD_CLOEXEC

    /// <summary>Marks every open descriptor from 3 up close-on-exec (Linux: listed in /proc/self/fd).</summary>
    public static void CloseOnExec()
    {
        const string listing = "/proc/self/fd";
        if (!Directory.Exists(listing))
        {
            return;
        }

        foreach (var entry in Directory.GetFileSystemEntries(listing))
        {
            if (int.TryParse(Path.GetFileName(entry), out var fd) && fd > 2)
            {
                var flags = fcntl(fd, GetFlags, 0);
                if (flags >= 0 && (flags & CloseOnExecFlag) == 0)
                {
                    _ = fcntl(fd, SetFlags, flags | CloseOnExecFlag);
                }
            }
        }
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int fcntl(int fd, int command, int argument);
}
