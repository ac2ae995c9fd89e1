using CocktailDb.Ops.Deployment.Tests.Harness;
using CocktailDb.Ops.Tests.Harness;

namespace CocktailDb.Ops.Deployment.Tests;

/// <summary>
/// The playbook's migrate step run by ansible-playbook for real (--tags migrate, on this
/// machine) against a real PostgreSQL: the binary it installs and the task a second deploy
/// must report as unchanged.
/// </summary>
[Collection(DeploymentPostgresCollection.Name)]
public sealed class PlaybookMigrationTests(PostgresServer server)
{
    [Fact]
    public async Task Tags_migrate_installs_the_binary_being_deployed_migrates_with_it_and_changes_nothing_on_the_next_run()
    {
        using var ansible = new Ansible();
        var database = await server.CreateDatabaseAsync();
        var binary = await OpsBinary.EnsurePublishedAsync(OpsBinary.CurrentRid);
        var envFile = ansible.Temp.Write(".env", string.Concat(database.Environment().Select(v => $"{v.Key}={v.Value}\n")));
        // The host's binary from an earlier release: it would claim there is nothing to apply.
        var installed = ansible.Temp.Write(
            "cocktaildb-ops",
            "#!/bin/sh\necho '{\"applied\": [], \"installedSchema\": false}'\n",
            UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        string[] arguments =
        [
            "--tags", "migrate",
            "-e", $"ansible_architecture={PlaybookTests.ArchitectureOf(OpsBinary.CurrentRid)}",
            "-e", $"ops_bin={installed}", "-e", $"ops_env_file={envFile}",
        ];

        var first = await ansible.PlaybookAsync(arguments);
        var second = await ansible.PlaybookAsync(arguments);

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Equal(File.ReadAllBytes(binary), File.ReadAllBytes(installed));
        Assert.Equal("changed", Ansible.TaskResult(first, "Install cocktaildb-ops built for this architecture"));
        Assert.Equal("changed", Ansible.TaskResult(first, "Apply pending database migrations"));
        Assert.True(await database.ScalarAsync<long>("SELECT count(*) FROM schema_migrations") > 0);
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Equal(0, Ansible.Changed(second));
    }
}
