using System.Text;
using CocktailDb.Ops.MSBuild.Processes;
using CocktailDb.Ops.Tests.Harness;

namespace CocktailDb.Ops.MSBuild.Tests.Infrastructure;

/// <summary>
/// Fake <c>ssh</c>, <c>scp</c> and <c>sudo</c> executables, put first on PATH of the build under
/// test. They record their arguments and then do locally what the real ones would do on the
/// host: ssh drops its options and the destination and runs the command with bash, scp copies
/// to the path after the colon, sudo drops -n and -u and runs the rest (an aarch64 binary under
/// qemu user emulation). Nothing leaves the machine.
/// The "host" is set up through files in <see cref="Directory"/>, so that a build and a task run
/// in-process see the same: <see cref="Machine"/> (what <c>uname -m</c> answers),
/// <see cref="CorruptUploads"/> (scp appends a byte: the checksum must catch it),
/// <see cref="RefuseSudo"/> (sudo wants a password). scp also keeps a copy of each upload in
/// <see cref="Uploads"/>, for inspection.
/// </summary>
public sealed class FakeRemote : IDisposable
{
    // The log and uploads folders are written into each script, so a task run in-process
    // (without the test's environment) can use the fakes too.
    private const string Record = "{ printf '%s\\0' \"$(basename \"$0\")\" \"$@\"; printf '\\036'; } >> @LOG@\n";

    private const string SshScript = "#!/usr/bin/env bash\n" + Record + """
        # Options that take a value, as in ssh(1); everything up to the destination is dropped.
        while [ $# -gt 0 ]; do
            case "$1" in
                --) shift; break ;;
                -[BbcDEeFIiJLlmOoPpQRSWw]) shift 2 ;;
                -*) shift ;;
                *) break ;;
            esac
        done
        shift # user@host
        # The real ssh joins the command words with spaces and the remote shell parses them.
        # The "host" has the fake uname and sudo.
        export PATH=@BIN@:"$PATH"
        exec bash -c "$*"
        """;

    private const string ScpScript = "#!/usr/bin/env bash\n" + Record + """
        while [ $# -gt 0 ]; do
            case "$1" in
                --) shift; break ;;
                -[cDFiJloPSX]) shift 2 ;;
                -*) shift ;;
                *) break ;;
            esac
        done
        source_file="$1"
        target="${2#*:}"
        cp "$source_file" "$target" || exit 1
        cp "$source_file" @UPLOADS@/"$(basename "$target")"
        if [ -e @DIR@/corrupt-uploads ]; then
            printf 'x' >> "$target"
        fi
        """;

    private const string SudoScript = "#!/usr/bin/env bash\n" + Record + """
        if [ -e @DIR@/sudo-refuses ]; then
            echo "sudo: a password is required" >&2
            exit 1
        fi
        while [ $# -gt 0 ]; do
            case "$1" in
                -u) shift 2 ;;
                -n) shift ;;
                --) shift; break ;;
                *) break ;;
            esac
        done
        # ELF e_machine 0xb7 is aarch64: run it the way an x86_64 machine can. (This machine's
        # own uname: the fake one answers for the "host".)
        if [ "$(/usr/bin/uname -m)" != aarch64 ] && [ "$(od -An -tx1 -j18 -N2 "$1" 2>/dev/null | tr -d ' ')" = "b700" ]; then
            exec qemu-aarch64-static -L /usr/aarch64-linux-gnu "$@"
        fi
        exec "$@"
        """;

    private const string UnameScript = "#!/usr/bin/env bash\n" + """
        if [ "$*" = "-m" ] && [ -f @DIR@/uname-m ]; then
            cat @DIR@/uname-m
            exit 0
        fi
        exec /usr/bin/uname "$@"
        """;

    public FakeRemote()
    {
        Directory = Path.Combine(Path.GetTempPath(), "cocktaildb-msbuild-tests", Guid.NewGuid().ToString("N"));
        BinDirectory = Path.Combine(Directory, "bin");
        Uploads = Path.Combine(Directory, "uploads");
        System.IO.Directory.CreateDirectory(BinDirectory);
        System.IO.Directory.CreateDirectory(Uploads);
        LogFile = Path.Combine(Directory, "argv.log");
        File.WriteAllText(LogFile, string.Empty);
        foreach (var (name, script) in new[] { ("ssh", SshScript), ("scp", ScpScript), ("sudo", SudoScript), ("uname", UnameScript) })
        {
            var path = Path.Combine(BinDirectory, name);
            var text = script
                .Replace("@LOG@", ShellWords.Quote(LogFile), StringComparison.Ordinal)
                .Replace("@UPLOADS@", ShellWords.Quote(Uploads), StringComparison.Ordinal)
                .Replace("@BIN@", ShellWords.Quote(BinDirectory), StringComparison.Ordinal)
                .Replace("@DIR@", ShellWords.Quote(Directory), StringComparison.Ordinal)
                .Replace("\r\n", "\n", StringComparison.Ordinal);
            File.WriteAllText(path, text + "\n");
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    public string Directory { get; }

    public string BinDirectory { get; }

    public string Uploads { get; }

    public string LogFile { get; }

    public string Ssh => Path.Combine(BinDirectory, "ssh");

    /// <summary>What <c>uname -m</c> answers on the "host"; this machine's own answer until set.</summary>
    public string Machine
    {
        set => File.WriteAllText(Path.Combine(Directory, "uname-m"), value + "\n");
    }

    /// <summary>From now on scp damages what it copies.</summary>
    public void CorruptUploads() => File.WriteAllText(Path.Combine(Directory, "corrupt-uploads"), string.Empty);

    /// <summary>From now on sudo refuses, as it does without a NOPASSWD rule.</summary>
    public void RefuseSudo() => File.WriteAllText(Path.Combine(Directory, "sudo-refuses"), string.Empty);

    public string Scp => Path.Combine(BinDirectory, "scp");

    /// <summary>The build's environment: the fakes first on PATH, plus <paramref name="extra"/>.</summary>
    public Dictionary<string, string?> Environment(params (string Name, string? Value)[] extra)
    {
        var path = BinDirectory + ":" + System.Environment.GetEnvironmentVariable("PATH");
        // Guard: if PATH resolved "ssh" anywhere else, a test would reach a real host.
        var resolved = path.Split(':').Select(d => Path.Combine(d, "ssh")).First(File.Exists);
        Assert.Equal(Path.Combine(BinDirectory, "ssh"), resolved);
        var env = new Dictionary<string, string?>
        {
            ["PATH"] = path,
            ["COCKTAILDB_SSH_KEY"] = null,
        };
        foreach (var (name, value) in extra)
        {
            env[name] = value;
        }

        return env;
    }

    /// <summary>Every recorded invocation, in order: program name, then its arguments.</summary>
    public IReadOnlyList<string[]> Invocations() =>
        File.ReadAllText(LogFile, Encoding.UTF8)
            .Split('\u001e', StringSplitOptions.RemoveEmptyEntries)
            .Select(r => r.Split('\0')[..^1])
            .ToList();

    public IEnumerable<string[]> Of(string program) => Invocations().Where(i => i[0] == program);

    /// <summary>The command an ssh invocation ran (its last argument).</summary>
    public static string RemoteCommand(string[] ssh) => ssh[^1];

    /// <summary>A KEY=VALUE env file for the "host", 0600 as Ansible writes it, pointing at <paramref name="settings"/>.</summary>
    public string WriteEnvFile(IReadOnlyDictionary<string, string?> settings)
    {
        var path = Path.Combine(Directory, "remote.env");
        File.WriteAllLines(path, settings.Select(s => $"{s.Key}={s.Value}"));
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return path;
    }

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless.
        }
    }
}
