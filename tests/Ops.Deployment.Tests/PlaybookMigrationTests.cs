using CocktailDb.Ops.Deployment.Tests.Harness;
using CocktailDb.Ops.Tests.Harness;

namespace CocktailDb.Ops.Deployment.Tests;

/// <summary>
/// The playbook's migrate task run by ansible-playbook for real (--tags migrate, on this
/// machine) against a real PostgreSQL: the task a second deploy must report as unchanged.
/// </summary>
[Collection(DeploymentPostgresCollection.Name)]
public sealed class PlaybookMigrationTests(PostgresServer server)
{
    [Fact]
    public async Task The_migrate_task_reports_a_change_when_it_migrates_and_none_on_the_next_deploy()
    {
        using var ansible = new Ansible();
        var database = await server.CreateDatabaseAsync();
        var binary = await PublishedBinary.EnsureAsync(OpsBinary.CurrentRid);
        var envFile = ansible.Temp.Write(".env", string.Concat(database.Environment().Select(v => $"{v.Key}={v.Value}\n")));
        string[] arguments =
        [
            "--tags", "migrate",
            "-e", $"ansible_architecture={PlaybookTests.ArchitectureOf(OpsBinary.CurrentRid)}",
            "-e", $"ops_bin={binary}", "-e", $"ops_env_file={envFile}",
        ];

        var first = await ansible.PlaybookAsync(arguments);
        var second = await ansible.PlaybookAsync(arguments);

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Equal(1, Ansible.Changed(first));
        Assert.True(await database.ScalarAsync<long>("SELECT count(*) FROM schema_migrations") > 0);
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Equal(0, Ansible.Changed(second));
    }
}
