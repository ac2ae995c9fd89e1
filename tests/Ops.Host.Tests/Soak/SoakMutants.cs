using CocktailDb.Ops.Deployment.Tests.Harness;
using CocktailDb.Ops.Host.Tests.Harness;
using CocktailDb.Ops.Tests.Harness;

namespace CocktailDb.Ops.Host.Tests.Soak;

/// <summary>
/// A deliberately broken product the soak must catch: a verifier that cannot fail proves
/// nothing. <paramref name="Install"/> breaks the cluster's product, <paramref name="Remove"/>
/// puts the real one back; <paramref name="Mix"/> is the fault mix of the schedules it is soaked
/// with, and <paramref name="CaughtBy"/> the part of the verdict that must see it.
/// </summary>
internal sealed record SoakMutant(string Name, FaultMix Mix, Func<SoakCluster, Task> Install, Func<SoakCluster, Task> Remove, Func<Bench.Soak.SoakVerdict.Verdict, bool> CaughtBy);

/// <summary>
/// The soak's mutants. Two are builds of cocktaildb-ops from a copy of the sources with one
/// change each, switched on by COCKTAILDB_MUTANT in the units' environment (a drop-in); the
/// product's own sources hold no such switch. One is a database whose tracking misses a table.
/// </summary>
internal static class SoakMutants
{
    private const string Switch = "COCKTAILDB_MUTANT";
    private const string DropIn = "95-soak-mutant";
    private const string InstalledBinary = "/usr/local/bin/cocktaildb-ops";

    /// <summary>Each edit must find its text exactly once: a mutant that no longer applies fails loudly instead of testing nothing.</summary>
    private static readonly (string File, string Find, string Replace)[] Edits =
    [
        ("src/Ops.Aot/Analytics/SystemdVerdict.cs",
            "public bool Succeeded => ExitedWithZero && StopRequest is null;",
            $"public bool Succeeded => ExitedWithZero && (StopRequest is null || Environment.GetEnvironmentVariable(\"{Switch}\") == \"stop-is-success\");"),
        ("src/Ops.Aot/Analytics/RefreshLedger.cs",
            "$\"SELECT $1, now() + $2, $3, {ThisCluster} WHERE NOT EXISTS ({PreviousRunWork.Sql}) \" +",
            $"$\"SELECT $1, now() + $2, $3, {{ThisCluster}} \" + (Environment.GetEnvironmentVariable(\"{Switch}\") == \"slot-freed\" ? \"\" : $\"WHERE NOT EXISTS ({{PreviousRunWork.Sql}}) \") +"),
        ("src/Ops.Aot/Analytics/DebouncePolicy.cs",
            "return state.LingeringWork is { } work",
            $"return state.LingeringWork is {{ }} work && Environment.GetEnvironmentVariable(\"{Switch}\") != \"slot-freed\""),
    ];

    private static readonly Lazy<Task<string>> Binary = new(BuildAsync);

    public static IReadOnlyList<SoakMutant> All { get; } =
    [
        new("one table's tracking trigger dropped", FaultMix.Random, DropRatingsTriggerAsync, RestoreRatingsTriggerAsync, v => v.Untracked > 0),
        new("'refresh end' counting a stop as success", FaultMix.StoppedJobsThatExit0, c => InstallBinaryAsync(c, "stop-is-success"), RestoreBinaryAsync, v => v.Uncovered > 0),
        new("the slot freed while the old run's database work goes on", FaultMix.KilledDuringStatements, c => InstallBinaryAsync(c, "slot-freed"), RestoreBinaryAsync, v => v.Overlapping > 0),
    ];

    private static async Task DropRatingsTriggerAsync(SoakCluster cluster) =>
        await cluster.PsqlAsync($"\\c {HostDatabase.Name}\nDROP TRIGGER analytics_ratings_changed ON ratings;\n");

    private static async Task RestoreRatingsTriggerAsync(SoakCluster cluster) =>
        await cluster.PsqlAsync(
            $"\\c {HostDatabase.Name}\n" +
            "CREATE TRIGGER analytics_ratings_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON ratings FOR EACH STATEMENT " +
            "WHEN (current_setting('cocktaildb.analytics_noted', true) IS DISTINCT FROM pg_current_xact_id()::text) EXECUTE FUNCTION analytics_note_change();\n" +
            "ALTER TABLE ratings ENABLE ALWAYS TRIGGER analytics_ratings_changed;\n");

    private static async Task InstallBinaryAsync(SoakCluster cluster, string mutant)
    {
        var binary = await Binary.Value;
        foreach (var host in cluster.Hosts)
        {
            await CopyBinaryAsync(host, binary);
            foreach (var unit in new[] { SoakCluster.Analytics, SoakCluster.Check })
            {
                await host.ExecCheckedAsync($"cat > /etc/systemd/system/{unit}.d/{DropIn}.conf", $"[Service]\nEnvironment={Switch}={mutant}\n");
            }

            await host.ExecCheckedAsync("systemctl daemon-reload");
        }
    }

    private static async Task RestoreBinaryAsync(SoakCluster cluster)
    {
        var binary = await OpsBinary.EnsurePublishedAsync(OpsBinary.CurrentRid);
        foreach (var host in cluster.Hosts)
        {
            await CopyBinaryAsync(host, binary);
            await host.ExecCheckedAsync($"rm -f /etc/systemd/system/*.d/{DropIn}.conf && systemctl daemon-reload");
        }
    }

    /// <summary>Beside the installed one, then renamed over it: a running check keeps the file it started.</summary>
    private static async Task CopyBinaryAsync(SoakHost host, string binary)
    {
        await Docker.CheckedAsync(["cp", binary, $"{host.ContainerId}:{InstalledBinary}.new"]);
        await host.ExecCheckedAsync($"chown root:root {InstalledBinary}.new && chmod 0755 {InstalledBinary}.new && mv -f {InstalledBinary}.new {InstalledBinary}");
    }

    /// <summary>Publishes the mutant build from a copy of the sources under artifacts/test-builds/soak-mutant/.</summary>
    private static async Task<string> BuildAsync()
    {
        var root = RepositoryFiles.File("artifacts", "test-builds", "soak-mutant");
        var source = Path.Combine(root, "source");
        if (Directory.Exists(source))
        {
            Directory.Delete(source, recursive: true);
        }

        foreach (var file in new[] { "Directory.Build.props", "Directory.Packages.props", "global.json", ".editorconfig" })
        {
            Directory.CreateDirectory(source);
            File.Copy(RepositoryFiles.File(file), Path.Combine(source, file));
        }

        foreach (var folder in new[] { "src", "migrations", Path.Combine("infrastructure", "postgres") })
        {
            CopyFolder(RepositoryFiles.File(folder), Path.Combine(source, folder));
        }

        foreach (var (file, find, replace) in Edits)
        {
            var path = Path.Combine(source, file);
            var text = await File.ReadAllTextAsync(path);
            var at = text.IndexOf(find, StringComparison.Ordinal);
            Assert.True(
                at >= 0 && text.IndexOf(find, at + 1, StringComparison.Ordinal) < 0,
                $"a soak mutant no longer applies: '{find}' is not in {file} exactly once; update tests/Ops.Host.Tests/Soak/SoakMutants.cs");
            await File.WriteAllTextAsync(path, text.Replace(find, replace, StringComparison.Ordinal));
        }

        var output = Path.Combine(root, "publish");
        var publish = await Dotnet.RunAsync(
            ["publish", Path.Combine(source, "src", "Ops.Aot", "Ops.Aot.csproj"), "-c", "Release", "-r", OpsBinary.CurrentRid, "-o", output, "-nologo", "-v", "q"],
            TimeSpan.FromMinutes(10));
        Assert.True(publish.ExitCode == 0, $"the soak's mutant build failed:\n{publish}");
        return Path.Combine(output, OpsBinary.FileName);
    }

    private static void CopyFolder(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(from, file);
            if (relative.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj"))
            {
                continue;
            }

            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(to, relative))!);
            File.Copy(file, Path.Combine(to, relative));
        }
    }
}
