// Not compiled into Ops.Deployment.Tests any more: RepositoryFiles (tests/Ops.Tests/Harness) has taken its place. Kept only
// while Ops.Host.Tests compiles this file in; delete it once that project uses the new name.
using CocktailDb.Ops.Tests.Harness;

namespace CocktailDb.Ops.Deployment.Tests.Harness;

/// <summary>The deployment files under test, where the repository keeps them.</summary>
internal static class Repo
{
    public static string Root => TestEnvironment.RepoRoot;

    public static string DebounceService => File("infrastructure", "systemd", "cocktaildb-analytics-debounce.service");

    public static string DebounceTimer => File("infrastructure", "systemd", "cocktaildb-analytics-debounce.timer");

    /// <summary>The analytics unit's drop-in: its runs record themselves through cocktaildb-ops hooks.</summary>
    public static string AnalyticsDropIn => File("infrastructure", "systemd", "cocktaildb-analytics.service.d", "50-cocktaildb-ops.conf");

    public static string PolkitRule => File("infrastructure", "polkit", "50-cocktaildb-analytics.rules");

    public static string AnsibleDirectory => File("infrastructure", "ansible");

    public static string Playbook => File("infrastructure", "ansible", "playbooks", "deploy.yml");

    /// <summary>A helper script of these tests (Scripts/), run from the source tree.</summary>
    public static string Script(string name) => File("tests", "Ops.Deployment.Tests", "Scripts", name);

    public static string File(params string[] parts) => Path.Combine([Root, .. parts]);
}
