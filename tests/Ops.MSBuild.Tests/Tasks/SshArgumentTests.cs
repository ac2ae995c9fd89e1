using CocktailDb.Ops.MSBuild.Remote;

namespace CocktailDb.Ops.MSBuild.Tests.Tasks;

public sealed class SshArgumentTests
{
    [Fact]
    public void Ssh_runs_in_batch_mode_with_host_key_checking_left_as_configured()
    {
        var args = new RemoteHost("dev.mixology.tools", "ec2-user", null, null).SshArguments(["uname", "-m"]);

        Assert.Equal(
            ["-o", "BatchMode=yes", "-o", "ConnectTimeout=20", "-o", "ServerAliveInterval=30", "--", "ec2-user@dev.mixology.tools", "uname -m"],
            args);
        Assert.DoesNotContain(args, a => a.Contains("StrictHostKeyChecking", StringComparison.OrdinalIgnoreCase) || a.Contains("UserKnownHostsFile", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void The_port_and_the_key_go_to_ssh_and_scp_with_each_ones_own_option()
    {
        var host = new RemoteHost("10.1.2.3", "deploy", 2222, "/home/me/.ssh/ops_ed25519");

        var ssh = host.SshArguments(["true"]);
        var scp = host.ScpArguments("/build/cocktaildb-ops", "/tmp/cocktaildb-ops.ab12");

        Assert.Equal(["-p", "2222"], ssh.SkipWhile(a => a != "-p").Take(2));
        Assert.Equal(["-P", "2222"], scp.SkipWhile(a => a != "-P").Take(2));
        Assert.Equal(["-i", "/home/me/.ssh/ops_ed25519", "-o", "IdentitiesOnly=yes"], ssh.SkipWhile(a => a != "-i").Take(4));
        Assert.Equal(["-q", "-o", "BatchMode=yes"], scp.Take(3));
        Assert.Equal(["--", "/build/cocktaildb-ops", "deploy@10.1.2.3:/tmp/cocktaildb-ops.ab12"], scp.TakeLast(3));
    }

    [Fact]
    public void An_IPv6_host_is_bracketed_for_scp_so_its_colons_do_not_end_the_host()
    {
        var scp = new RemoteHost("fd00::5", "ec2-user", null, null).ScpArguments("/b", "/tmp/x");

        Assert.Equal("ec2-user@[fd00::5]:/tmp/x", scp[^1]);
    }

    [Fact]
    public void The_remote_command_is_one_argument_with_every_word_quoted_for_the_remote_shell()
    {
        var args = new RemoteHost("h", "u", null, null).SshArguments(["sudo", "-n", "-u", "cocktaildb", "/tmp/x", "migrate", "--env-file", "/opt/my env/.env"]);

        Assert.Equal("sudo -n -u cocktaildb /tmp/x migrate --env-file '/opt/my env/.env'", args[^1]);
    }
}
