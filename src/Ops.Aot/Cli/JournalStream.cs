namespace CocktailDb.Ops.Cli;

/// <summary>
/// Whether a standard stream is connected to the journal. systemd sets JOURNAL_STREAM to
/// "device:inode" of the journal socket it connected; a stream is the journal's only if it is
/// that very socket (a pipe or file redirect inside a unit is not, and gets no prefixes).
/// </summary>
internal static class JournalStream
{
    public static bool IsConnectedTo(int fileDescriptor)
    {
        if (Environment.GetEnvironmentVariable("JOURNAL_STREAM") is not { Length: > 0 } stream
            || stream.Split(':') is not [_, var inode])
        {
            return false;
        }

        try
        {
            // /proc/self/fd/N of a socket links to "socket:[inode]".
            return new FileInfo($"/proc/self/fd/{fileDescriptor}").LinkTarget == $"socket:[{inode}]";
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }
}
