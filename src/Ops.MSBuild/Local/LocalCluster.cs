using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using CocktailDb.Ops.MSBuild.Processes;
using CocktailDb.Ops.MSBuild.Tasks;

namespace CocktailDb.Ops.MSBuild.Local;

/// <summary>Where a started throwaway cluster lives and listens. The password is read from its file by whoever needs it.</summary>
public sealed record LocalDatabase(string Directory, string Host, int Port, string User, string Database, string PasswordFile);

/// <summary>
/// A throwaway PostgreSQL cluster for Env=local, kept in one folder (artifacts/localdb by
/// default, ignored by git):
/// <list type="bullet">
/// <item>data/: the cluster, owned by the account the server runs as;</item>
/// <item>password: the superuser password, 0600, handed to children in DB_PASSWORD/PGPASSWORD only;</item>
/// <item>server.log: the server's log; .lock: serialises builds that start it at the same time.</item>
/// </list>
/// The server listens on 127.0.0.1 only (no unix socket, so no shared socket folder is needed)
/// with password authentication, on a free port chosen at start. initdb and pg_ctl refuse to
/// run as root, so as root they run as a dedicated system account through runuser.
/// </summary>
/// <param name="lockWait">How long to wait for another build using the cluster; 2 minutes when null.</param>
internal sealed class LocalCluster(OpsTask task, ProcessLauncher processes, string requestedDirectory, string account, string? binDirectory, TimeSpan? lockWait = null)
{
    private readonly string directory = Reachable(requestedDirectory);

    /// <summary>The folder the cluster lives in (the requested one, or its stand-in under /var/tmp).</summary>
    public string Folder => directory;

    public const string SuperUser = "cocktaildb";
    public const string DatabaseName = "cocktaildb";

    private string DataDirectory => Path.Combine(directory, "data");

    private string PasswordFile => Path.Combine(directory, "password");

    private string LogFile => Path.Combine(directory, "server.log");

    private string CreatedMarker => Path.Combine(directory, "database-created");

    private bool Initialised => File.Exists(Path.Combine(DataDirectory, "PG_VERSION"));

    private static bool IsRoot => geteuid() == 0;

    /// <summary>
    /// As root the server runs as another account, which must be able to walk down to the
    /// folder. A checkout under /root (mode 0700) cannot be: the cluster then lives in a folder
    /// of its own under /var/tmp, named after the requested one so every later build finds it.
    /// </summary>
    private static string Reachable(string requested)
    {
        if (!IsRoot || Directory.Exists(Path.Combine(requested, "data")))
        {
            return requested;
        }

        for (var folder = Path.GetDirectoryName(Path.GetFullPath(requested)); !string.IsNullOrEmpty(folder); folder = Path.GetDirectoryName(folder))
        {
            if (Directory.Exists(folder) && (File.GetUnixFileMode(folder) & UnixFileMode.OtherExecute) == 0)
            {
                var tag = Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(Path.GetFullPath(requested))))[..12];
                return Path.Combine("/var/tmp", "cocktaildb-localdb-" + tag);
            }
        }

        return requested;
    }

    /// <summary>Initialises the cluster if needed, starts it if stopped, and says where it listens.</summary>
    public LocalDatabase Ensure()
    {
        Directory.CreateDirectory(directory);
        if (directory != requestedDirectory)
        {
            task.LogHigh($"{requestedDirectory} is closed to the account {account} (a folder above it is private), so the throwaway cluster lives in {directory}");
        }

        using var _ = Lock();
        var postgres = Installation();
        if (!Initialised)
        {
            Initialise(postgres);
        }
        else if (!File.Exists(PasswordFile))
        {
            throw ErrorCodes.Error(ErrorCodes.LocalDbInitFailed, $"{PasswordFile} is missing, so the cluster in {DataDirectory} cannot be used; wipe it with dotnet build -t:LocalDbReset.");
        }

        var port = RunningPort(postgres) ?? Start(postgres);
        var database = new LocalDatabase(directory, "127.0.0.1", port, SuperUser, DatabaseName, PasswordFile);
        if (!File.Exists(CreatedMarker))
        {
            CreateDatabase(postgres, database);
        }

        task.LogHigh($"throwaway database: postgresql://{SuperUser}@127.0.0.1:{port}/{DatabaseName}, kept in {directory} (password in {PasswordFile}; -t:LocalDbStop stops it, -t:LocalDbReset wipes it)");
        return database;
    }

    /// <summary>Stops the server if it runs; true if it was running.</summary>
    public bool Stop()
    {
        if (!Initialised)
        {
            return false;
        }

        using var _ = Lock();
        var postgres = Installation();
        if (RunningPort(postgres) is null)
        {
            return false;
        }

        var outcome = AsOwner(postgres.PgCtl, ["stop", "-D", DataDirectory, "-m", "fast", "-w", "-t", "60"]);
        if (outcome.ExitCode != 0)
        {
            throw ErrorCodes.Error(ErrorCodes.LocalDbStopFailed, $"pg_ctl stop failed (exit {outcome.ExitCode}):\n{outcome.Tail(5)}");
        }

        return true;
    }

    /// <summary>Stops the server and deletes the folder: the next Env=local run starts from nothing.</summary>
    public void Reset()
    {
        if (!Directory.Exists(directory))
        {
            return;
        }

        Stop();
        Directory.Delete(directory, recursive: true);
    }

    private PostgresInstallation Installation()
    {
        int? clusterMajor = Initialised && int.TryParse(File.ReadAllText(Path.Combine(DataDirectory, "PG_VERSION")).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var m) ? m : null;
        return PostgresInstallation.Choose(binDirectory, clusterMajor, PostgresInstallation.FindAll(Environment.GetEnvironmentVariable("PATH"), PostgresInstallation.DefaultInstallRoots));
    }

    private void Initialise(PostgresInstallation postgres)
    {
        if (Directory.Exists(DataDirectory))
        {
            // Left over from an initdb that did not finish: start again.
            Directory.Delete(DataDirectory, recursive: true);
        }

        Directory.CreateDirectory(DataDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        File.WriteAllText(LogFile, string.Empty);
        var password = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        WritePrivate(PasswordFile, password);
        // initdb reads the password from a file of the account it runs as; the file goes as soon as it is read.
        var initPasswordFile = Path.Combine(directory, "initdb-password");
        WritePrivate(initPasswordFile, password + "\n");
        try
        {
            if (IsRoot)
            {
                EnsureAccount();
                Chown(DataDirectory, LogFile, initPasswordFile);
                var reach = processes.Run("runuser", ["-u", account, "--", "test", "-w", DataDirectory]);
                if (reach.ExitCode != 0)
                {
                    throw ErrorCodes.Error(
                        ErrorCodes.LocalDbUnreachable,
                        $"the account {account} that runs the throwaway server cannot reach {DataDirectory} (a folder above it is closed to other users, e.g. /root). " +
                        "Pass -p:LocalDbDir=/var/tmp/cocktaildb-localdb (any folder every user can traverse), or clone the repository under such a folder.");
                }
            }

            task.LogHigh($"creating a throwaway PostgreSQL {postgres.Major?.ToString(CultureInfo.InvariantCulture) ?? string.Empty} cluster in {DataDirectory}{(IsRoot ? " (run as " + account + ")" : string.Empty)}");
            var outcome = AsOwner(
                postgres.InitDb,
                ["-D", DataDirectory, "-U", SuperUser, "--pwfile", initPasswordFile, "--auth", "scram-sha-256", "-E", "UTF8", "--no-locale", "--no-sync", "--no-instructions"]);
            if (outcome.ExitCode != 0)
            {
                throw ErrorCodes.Error(ErrorCodes.LocalDbInitFailed, $"initdb failed (exit {outcome.ExitCode}):\n{outcome.Tail()}");
            }
        }
        finally
        {
            File.Delete(initPasswordFile);
        }

        // Loopback TCP only; no unix socket, whose default folder (/var/run/postgresql) this account may not write.
        File.AppendAllText(
            Path.Combine(DataDirectory, "postgresql.conf"),
            "\n# cocktaildb-ops throwaway cluster (dotnet build -t:Migrate -p:Env=local)\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = ''\n");
        File.Delete(CreatedMarker);
    }

    private int Start(PostgresInstallation postgres)
    {
        ProcessOutcome? outcome = null;
        // A port found free can be taken before the server binds it: one more try with another.
        for (var attempt = 0; attempt < 2; attempt++)
        {
            var port = FreePort();
            task.LogHigh($"starting the throwaway PostgreSQL on 127.0.0.1:{port}");
            // The server outlives this build: it must not keep any descriptor the build inherited
            // (a lock file held by a wrapper such as flock would stay locked as long as it runs).
            InheritedDescriptors.CloseOnExec();
            outcome = AsOwner(postgres.PgCtl, ["start", "-D", DataDirectory, "-l", LogFile, "-w", "-t", "60", "-o", $"-p {port}"]);
            if (outcome.ExitCode == 0 && RunningPort(postgres) is { } running)
            {
                return running;
            }
        }

        var log = File.Exists(LogFile) ? string.Join("\n", File.ReadLines(LogFile).TakeLast(10)) : string.Empty;
        throw ErrorCodes.Error(
            ErrorCodes.LocalDbStartFailed,
            $"the throwaway PostgreSQL did not start (pg_ctl exit {outcome!.ExitCode}):\n{outcome.Tail(5)}\n{LogFile}:\n{log}\nIf the cluster is damaged, wipe it with dotnet build -t:LocalDbReset.");
    }

    private void CreateDatabase(PostgresInstallation postgres, LocalDatabase database)
    {
        var options = new ProcessOptions();
        options.Environment["PGPASSWORD"] = File.ReadAllText(PasswordFile).Trim();
        var outcome = processes.Run(
            postgres.CreateDb,
            ["-h", database.Host, "-p", database.Port.ToString(CultureInfo.InvariantCulture), "-U", SuperUser, DatabaseName],
            options);
        if (outcome.ExitCode != 0 && !outcome.Text.Contains("already exists", StringComparison.Ordinal))
        {
            throw ErrorCodes.Error(ErrorCodes.LocalDbCreateFailed, $"createdb {DatabaseName} failed (exit {outcome.ExitCode}):\n{outcome.Tail(5)}");
        }

        File.WriteAllText(CreatedMarker, string.Empty);
    }

    /// <summary>The port of the running server (line 4 of postmaster.pid), or null when it is stopped.</summary>
    private int? RunningPort(PostgresInstallation postgres)
    {
        var status = AsOwner(postgres.PgCtl, ["status", "-D", DataDirectory]);
        if (status.ExitCode != 0)
        {
            return null;
        }

        var pidFile = Path.Combine(DataDirectory, "postmaster.pid");
        var lines = File.Exists(pidFile) ? File.ReadAllLines(pidFile) : [];
        return lines.Length > 3 && int.TryParse(lines[3].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var port) ? port : null;
    }

    private ProcessOutcome AsOwner(string program, IReadOnlyList<string> arguments) =>
        IsRoot ? processes.Run("runuser", ["-u", account, "--", program, .. arguments]) : processes.Run(program, arguments);

    private void EnsureAccount()
    {
        if (processes.Run("id", ["-u", account]).ExitCode == 0)
        {
            return;
        }

        task.LogHigh($"creating the system account {account} to run the throwaway PostgreSQL (initdb refuses to run as root)");
        var outcome = processes.Run("useradd", ["--system", "--user-group", "--no-create-home", "--home-dir", "/nonexistent", "--shell", "/usr/sbin/nologin", account]);
        if (outcome.ExitCode != 0)
        {
            throw ErrorCodes.Error(
                ErrorCodes.LocalDbAccount,
                $"could not create the account {account} (useradd exit {outcome.ExitCode}):\n{outcome.Tail(3)}\nCreate it by hand, pass -p:LocalDbAccount=<an existing account>, or run the build as a normal user.");
        }
    }

    private void Chown(params string[] paths)
    {
        var outcome = processes.Run("chown", [account, .. paths]);
        if (outcome.ExitCode != 0)
        {
            throw ErrorCodes.Error(ErrorCodes.LocalDbAccount, $"chown {account} failed (exit {outcome.ExitCode}):\n{outcome.Tail(3)}");
        }
    }

    private static void WritePrivate(string path, string content)
    {
        File.Delete(path);
        // Created 0600 from the start, so the password is never readable by others, not even briefly.
        using var stream = new FileStream(path, new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
        });
        using var writer = new StreamWriter(stream);
        writer.Write(content);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>
    /// Serialises builds that start, stop or wipe the cluster. FileShare.None is an flock on
    /// Linux, released when its holder exits, so only a build that is still running can hold it.
    /// </summary>
    private IDisposable Lock()
    {
        var path = Path.Combine(directory, ".lock");
        var wait = lockWait ?? TimeSpan.FromMinutes(2);
        var deadline = DateTime.UtcNow + wait;
        var said = false;
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (File.Exists(path))
            {
                if (DateTime.UtcNow >= deadline)
                {
                    throw ErrorCodes.Error(
                        ErrorCodes.LocalDbBusy,
                        $"another build has been using the throwaway PostgreSQL in {directory} for {wait.TotalSeconds:0} s (it holds {path}); let it finish, or stop it, and run again.");
                }

                if (!said)
                {
                    task.LogHigh($"another build is using the throwaway PostgreSQL in {directory}; waiting for it (up to {wait.TotalSeconds:0} s)");
                    said = true;
                }

                Thread.Sleep(500);
            }
        }
    }

    [DllImport("libc", SetLastError = false)]
    private static extern uint geteuid();
}
