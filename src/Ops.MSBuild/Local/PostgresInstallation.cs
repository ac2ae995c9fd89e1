using System.Globalization;
using System.Text.RegularExpressions;
using CocktailDb.Ops.MSBuild.Tasks;

namespace CocktailDb.Ops.MSBuild.Local;

/// <summary>
/// The machine's PostgreSQL server programs (initdb, pg_ctl, createdb, all from one folder).
/// Debian and Ubuntu keep them off PATH in /usr/lib/postgresql/&lt;major&gt;/bin, RHEL-like
/// systems in /usr/pgsql-&lt;major&gt;/bin, source builds in /usr/local/pgsql/bin.
/// </summary>
public sealed partial record PostgresInstallation(string BinDirectory, int? Major)
{
    public static readonly string[] Programs = ["initdb", "pg_ctl", "createdb"];

    public string InitDb => Path.Combine(BinDirectory, "initdb");

    public string PgCtl => Path.Combine(BinDirectory, "pg_ctl");

    public string CreateDb => Path.Combine(BinDirectory, "createdb");

    /// <summary>
    /// Every installation found: the folder of initdb on PATH first (symlinks followed), then
    /// the usual install folders, newest major version first.
    /// </summary>
    public static IReadOnlyList<PostgresInstallation> FindAll(string? pathVariable, IEnumerable<string> installRoots)
    {
        var found = new List<PostgresInstallation>();
        foreach (var dir in (pathVariable ?? string.Empty).Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var initdb = Path.Combine(dir, "initdb");
            if (File.Exists(initdb))
            {
                var real = new FileInfo(initdb).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? Path.GetFullPath(initdb);
                Add(found, Path.GetDirectoryName(real)!);
            }
        }

        var versioned = new List<(int Major, string Dir)>();
        foreach (var root in installRoots)
        {
            // root is a pattern with one '*' standing for the major version, e.g. /usr/lib/postgresql/*/bin.
            var star = root.IndexOf('*', StringComparison.Ordinal);
            var parent = Path.GetDirectoryName(root[..star])!;
            if (!Directory.Exists(parent))
            {
                continue;
            }

            var prefix = root[(parent.Length + 1)..star];
            var suffix = root[(star + 1)..];
            foreach (var entry in Directory.EnumerateDirectories(parent, prefix + "*"))
            {
                var name = Path.GetFileName(entry)[prefix.Length..];
                if (int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out var major))
                {
                    versioned.Add((major, entry + suffix));
                }
            }
        }

        foreach (var (_, dir) in versioned.OrderByDescending(v => v.Major))
        {
            Add(found, dir);
        }

        Add(found, "/usr/local/pgsql/bin");
        return found;
    }

    public static readonly string[] DefaultInstallRoots = ["/usr/lib/postgresql/*/bin", "/usr/pgsql-*/bin"];

    /// <summary>
    /// The installation to use: -p:PostgresBinDir when given, else one of the same major version
    /// as an existing cluster (a data folder only starts with its own major), else the newest.
    /// </summary>
    public static PostgresInstallation Choose(string? explicitBinDir, int? clusterMajor, IReadOnlyList<PostgresInstallation> found)
    {
        if (!string.IsNullOrWhiteSpace(explicitBinDir))
        {
            var given = Inspect(explicitBinDir.Trim());
            return given ?? throw ErrorCodes.Error(
                ErrorCodes.PostgresNotFound,
                $"PostgresBinDir '{explicitBinDir}' does not contain {string.Join(", ", Programs)}; point it at the bin folder of a PostgreSQL server installation.");
        }

        if (found.Count == 0)
        {
            throw ErrorCodes.Error(
                ErrorCodes.PostgresNotFound,
                "no PostgreSQL server programs (initdb, pg_ctl) found on PATH or in /usr/lib/postgresql/*/bin, /usr/pgsql-*/bin, /usr/local/pgsql/bin, " +
                "so no throwaway database can be started. Install them (Debian/Ubuntu: sudo apt-get install postgresql; Fedora/Amazon Linux: sudo dnf install postgresql-server), " +
                "pass -p:PostgresBinDir=/path/to/bin, or point at an existing server: set DB_HOST, DB_PORT, DB_USER, DB_PASSWORD, DB_NAME, " +
                "or pass -p:EnvFile=/path/to/.env or -p:Connection=postgres://user@host:5432/db (password in DB_PASSWORD).");
        }

        return found.FirstOrDefault(i => clusterMajor is not null && i.Major == clusterMajor) ?? found[0];
    }

    private static void Add(List<PostgresInstallation> found, string dir)
    {
        if (Inspect(dir) is { } installation && !found.Any(f => f.BinDirectory == installation.BinDirectory))
        {
            found.Add(installation);
        }
    }

    private static PostgresInstallation? Inspect(string dir)
    {
        var full = Path.GetFullPath(dir);
        if (!Programs.All(p => File.Exists(Path.Combine(full, p))))
        {
            return null;
        }

        var match = MajorInPath().Match(full);
        return new PostgresInstallation(full, match.Success ? int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : null);
    }

    [GeneratedRegex(@"(?:postgresql/|pgsql-)(\d+)(?:/|$)", RegexOptions.CultureInvariant)]
    private static partial Regex MajorInPath();
}
