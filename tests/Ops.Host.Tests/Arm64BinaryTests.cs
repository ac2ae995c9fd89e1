using System.Text.Json;
using CocktailDb.Ops.Deployment.Tests.Harness;
using CocktailDb.Ops.Host.Tests.Harness;
using CocktailDb.Ops.Tests.Harness;

namespace CocktailDb.Ops.Host.Tests;

/// <summary>
/// The Graviton half of the fleet, as far as it can be had here: the host is x86_64, so the
/// linux-arm64 build runs on it under qemu-user, with the host's aarch64 C library and OpenSSL,
/// against the host's own PostgreSQL, as the service account with the host's .env.
/// </summary>
[Collection(DeployedHostCollection.Name)]
public sealed class Arm64BinaryTests(DeployedHost host)
{
    [Fact]
    public async Task The_linux_arm64_build_reports_what_the_x64_build_reports_about_the_hosts_database()
    {
        var arm64 = await OpsBinary.EnsurePublishedAsync("linux-arm64");
        Assert.Equal([0xb7, 0x00], File.ReadAllBytes(arm64)[18..20]); // ELF e_machine: aarch64
        Assert.Equal("x86_64", (await host.Shell.RunAsync("uname -m")).StdOut.Trim());

        var folder = $"/tmp/arm64-{Guid.NewGuid():N}";
        await host.Shell.RootCheckedAsync($"install -d -m 0755 -o {SshClient.User} {folder}");
        try
        {
            var qemu = (await ProcessRunner.RunAsync("sh", ["-c", "command -v qemu-aarch64-static"])).StdOut.Trim();
            await host.Shell.CopyAsync([arm64, qemu], folder);
            var emulated = $"{folder}/{Path.GetFileName(qemu)} {folder}/{OpsBinary.FileName}";

            var armVersion = await VersionAsync(emulated);
            var x64Version = await VersionAsync(OpsOnHost.Binary);
            Assert.Equal("linux-arm64", armVersion.GetProperty("runtime").GetString());
            Assert.Equal("linux-x64", x64Version.GetProperty("runtime").GetString());
            Assert.Equal(x64Version.GetProperty("manifestHash").GetString(), armVersion.GetProperty("manifestHash").GetString());

            // A SCRAM login with the .env's password, through the aarch64 OpenSSL, and the same ledger read.
            var armStatus = await OpsOnHost.RunAsCommandAsync(host, $"{emulated} status --json --env-file {HostDatabase.EnvFile}");
            var x64Status = await OpsOnHost.RunAsync(host, $"status --json --env-file {HostDatabase.EnvFile}");
            Assert.True(armStatus.ExitCode == 0, armStatus.ToString());
            Assert.True(x64Status.ExitCode == 0, x64Status.ToString());
            Assert.Equal(Migrations(x64Status.StdOut), Migrations(armStatus.StdOut));
        }
        finally
        {
            await host.Shell.RootCheckedAsync($"rm -rf {folder}");
        }
    }

    private async Task<JsonElement> VersionAsync(string command)
    {
        var version = await OpsOnHost.RunAsCommandAsync(host, command + " version --json");
        Assert.True(version.ExitCode == 0, version.ToString());
        using var document = JsonDocument.Parse(version.StdOut);
        return document.RootElement.Clone();
    }

    private static string Migrations(string statusJson)
    {
        using var document = JsonDocument.Parse(statusJson);
        return document.RootElement.GetProperty("migrations").GetRawText();
    }
}
