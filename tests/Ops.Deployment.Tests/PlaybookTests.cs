using System.Text.Json;
using CocktailDb.Ops.Deployment.Tests.Harness;
using CocktailDb.Ops.Tests.Harness;

namespace CocktailDb.Ops.Deployment.Tests;

/// <summary>infrastructure/ansible/playbooks/deploy.yml and its inventories, checked by Ansible itself.</summary>
public sealed class PlaybookTests
{
    [Theory]
    [InlineData("inventory/dev.yml")]
    [InlineData("inventory/prod.yml")]
    public async Task Ansible_accepts_the_playbook_with_each_inventory(string inventory)
    {
        using var ansible = new Ansible();

        var result = await RunInAnsibleDirectoryAsync(ansible, "ansible-playbook", "--syntax-check", "-i", inventory, "playbooks/deploy.yml");

        Assert.True(result.ExitCode == 0, result.ToString());
    }

    [Fact]
    public async Task The_playbook_passes_ansible_lint_at_its_strictest_profile()
    {
        using var ansible = new Ansible();

        // --offline: no schema refresh and no collection installs (no network here or in CI).
        var result = await RunInAnsibleDirectoryAsync(ansible, "ansible-lint", "--offline", "--strict", "--profile", "production", "playbooks/deploy.yml");

        Assert.True(result.ExitCode == 0, result.ToString());
    }

    [Theory]
    [InlineData("inventory/dev.yml", "dev.mixology.tools")]
    [InlineData("inventory/prod.yml", "mixology.tools")]
    public async Task Each_inventory_puts_its_host_in_the_playbooks_group_reached_as_ec2_user(string inventory, string host)
    {
        using var ansible = new Ansible();

        var result = await RunInAnsibleDirectoryAsync(ansible, "ansible-inventory", "-i", inventory, "--list");

        Assert.True(result.ExitCode == 0, result.ToString());
        var listing = JsonDocument.Parse(result.StdOut).RootElement;
        Assert.Equal([host], listing.GetProperty("cocktaildb").GetProperty("hosts").EnumerateArray().Select(h => h.GetString()));
        Assert.Equal("ec2-user", listing.GetProperty("_meta").GetProperty("hostvars").GetProperty(host).GetProperty("ansible_user").GetString());
    }

    [Fact]
    public async Task Every_file_the_playbook_copies_is_in_the_repository_or_produced_by_the_build()
    {
        var copies = await CopiedFilesAsync();

        Assert.Equal(["aarch64", "x86_64"], copies.Select(c => c.Architecture).Distinct().Order());
        var builds = new Dictionary<string, string> { ["x86_64"] = "linux-x64", ["aarch64"] = "linux-arm64" };
        foreach (var (task, architecture, source, _) in copies)
        {
            Assert.True(Path.IsPathFullyQualified(source), $"{task}: {source} is not an absolute path");
            var path = Path.GetFullPath(source);
            if (path.StartsWith(RepositoryFiles.File("artifacts") + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            {
                // Build output: it must be the binary for this architecture, where publish puts it.
                Assert.Equal(OpsBinary.PathFor(builds[architecture]), path);
                await OpsBinary.EnsurePublishedAsync(builds[architecture]);
            }
            else
            {
                Assert.True(File.Exists(path), $"{task}: {path} does not exist");
                Assert.True(path.StartsWith(RepositoryFiles.Root + Path.DirectorySeparatorChar, StringComparison.Ordinal), $"{task}: {path} is outside the repository");
                // A file .gitignore hides would be missing from every clone but this one.
                var ignored = await ProcessRunner.RunAsync("git", ["check-ignore", "--quiet", "--no-index", path], timeout: TimeSpan.FromMinutes(1));
                Assert.True(ignored.ExitCode == 1, $"{task}: {path} is ignored by git or git failed:\n{ignored}");
            }
        }

        Assert.Contains(copies, c => c.Source.EndsWith(".service", StringComparison.Ordinal));
        Assert.Contains(copies, c => c.Source.EndsWith(".timer", StringComparison.Ordinal));
        Assert.Contains(copies, c => c.Source.EndsWith(".rules", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_playbook_installs_each_file_where_systemd_polkit_and_the_unit_look_for_it()
    {
        var copies = await CopiedFilesAsync();
        string DestinationOf(string source) => copies.Where(c => c.Source == source).Select(c => c.Destination).Distinct().Single();

        // The service runs the binary at the path the playbook copies it to.
        var binary = UnitFile.Load(RepositoryFiles.DebounceService).ExecStartArguments()[0];
        Assert.All(copies.Where(c => c.Source.EndsWith("/" + OpsBinary.FileName, StringComparison.Ordinal)), c => Assert.Equal(binary, c.Destination));
        // systemd reads local units from /etc/systemd/system; polkitd reads local rules from
        // /etc/polkit-1/rules.d, and only files ending in .rules. Names must stay as they are:
        // the timer starts the service of its own name.
        Assert.Equal("/etc/systemd/system/" + Path.GetFileName(RepositoryFiles.DebounceService), DestinationOf(RepositoryFiles.DebounceService));
        Assert.Equal("/etc/systemd/system/" + Path.GetFileName(RepositoryFiles.DebounceTimer), DestinationOf(RepositoryFiles.DebounceTimer));
        Assert.Equal("/etc/polkit-1/rules.d/" + Path.GetFileName(RepositoryFiles.PolkitRule), DestinationOf(RepositoryFiles.PolkitRule));
        // A drop-in applies to the unit its folder is named after, and only as a .conf file.
        Assert.Equal("/etc/systemd/system/cocktaildb-analytics.service.d/" + Path.GetFileName(RepositoryFiles.AnalyticsDropIn), DestinationOf(RepositoryFiles.AnalyticsDropIn));
        Assert.EndsWith(".rules", RepositoryFiles.PolkitRule, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("x86_64", "linux-x64")]
    [InlineData("aarch64", "linux-arm64")]
    public async Task The_deploy_stops_before_changing_anything_when_the_binary_for_the_hosts_architecture_is_missing(string architecture, string rid)
    {
        using var ansible = new Ansible();
        var envFile = ansible.Temp.Write(".env", "DB_HOST=localhost\n");
        var emptyBuild = ansible.Temp.File("publish");
        Directory.CreateDirectory(emptyBuild);

        var run = await ansible.PlaybookAsync(
            "--tags", "preflight",
            "-e", $"ansible_architecture={architecture}", "-e", $"ops_publish_dir={emptyBuild}", "-e", $"ops_env_file={envFile}");

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains($"{emptyBuild}/{rid}/cocktaildb-ops does not exist", run.StdOut, StringComparison.Ordinal);
        Assert.Contains($"dotnet publish src/Ops.Aot/Ops.Aot.csproj -c Release -r {rid} -o artifacts/publish/{rid}", run.StdOut, StringComparison.Ordinal);
        Assert.Equal(0, Ansible.Changed(run));
    }

    [Fact]
    public async Task The_deploy_refuses_a_host_architecture_there_is_no_build_for()
    {
        using var ansible = new Ansible();
        var envFile = ansible.Temp.Write(".env", "DB_HOST=localhost\n");

        var run = await ansible.PlaybookAsync("--tags", "preflight", "-e", "ansible_architecture=riscv64", "-e", $"ops_env_file={envFile}");

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("built for x86_64 and aarch64 only; localhost is riscv64", run.StdOut, StringComparison.Ordinal);
        Assert.Equal(0, Ansible.Changed(run));
    }

    [Fact]
    public async Task The_deploy_refuses_a_host_without_database_settings()
    {
        using var ansible = new Ansible();
        await OpsBinary.EnsurePublishedAsync(OpsBinary.CurrentRid);
        var missing = ansible.Temp.File("missing.env");

        var run = await ansible.PlaybookAsync("--tags", "preflight", "-e", $"ansible_architecture={ArchitectureOf(OpsBinary.CurrentRid)}", "-e", $"ops_env_file={missing}");

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains($"{missing} is missing on localhost", run.StdOut, StringComparison.Ordinal);
        Assert.Equal(0, Ansible.Changed(run));
    }

    [Fact]
    public async Task The_preflight_passes_on_a_host_whose_binary_is_built_and_settings_are_in_place()
    {
        using var ansible = new Ansible();
        await OpsBinary.EnsurePublishedAsync(OpsBinary.CurrentRid);
        var envFile = ansible.Temp.Write(".env", "DB_HOST=localhost\n");

        var run = await ansible.PlaybookAsync("--tags", "preflight", "-e", $"ansible_architecture={ArchitectureOf(OpsBinary.CurrentRid)}", "-e", $"ops_env_file={envFile}");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(0, Ansible.Changed(run));
    }

    /// <summary>
    /// Every copy task's src and dest, rendered by Ansible's own templating
    /// (Scripts/copied_files.py) once for every architecture the playbook maps to a build.
    /// </summary>
    private static async Task<List<(string Task, string Architecture, string Source, string Destination)>> CopiedFilesAsync()
    {
        var result = await ProcessRunner.RunAsync("/usr/bin/python3", [RepositoryFiles.File("tests", "Ops.Deployment.Tests", "Scripts", "copied_files.py"), RepositoryFiles.Playbook], timeout: TimeSpan.FromMinutes(1));
        Assert.True(result.ExitCode == 0, result.ToString());
        return JsonDocument.Parse(result.StdOut).RootElement.EnumerateArray()
            .Select(c => (
                c.GetProperty("task").GetString()!,
                c.GetProperty("architecture").GetString()!,
                c.GetProperty("src").GetString()!,
                c.GetProperty("dest").GetString()!))
            .ToList();
    }

    internal static string ArchitectureOf(string rid) => rid == "linux-arm64" ? "aarch64" : "x86_64";

    private static Task<ProcessResult> RunInAnsibleDirectoryAsync(Ansible ansible, string tool, params string[] arguments) =>
        ProcessRunner.RunAsync(tool, arguments, ansible.Environment(), RepositoryFiles.AnsibleDirectory, TimeSpan.FromMinutes(3));
}
