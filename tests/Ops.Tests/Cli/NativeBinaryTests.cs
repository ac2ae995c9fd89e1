using System.Text.Json;
using System.Text.RegularExpressions;
using CocktailDb.Ops.Tests.Harness;

namespace CocktailDb.Ops.Tests.Cli;

/// <summary>The published binaries must run on the fleet: Amazon Linux 2023 (glibc 2.34), x86_64 and Graviton.</summary>
public sealed partial class NativeBinaryTests
{
    private const long MaxBytes = 9L * 1024 * 1024;

    [Fact]
    public async Task The_arm64_binary_runs_under_qemu_and_carries_the_same_manifest()
    {
        var arm64 = await OpsBinary.PublishAsync("linux-arm64");
        var x64 = await OpsBinary.RunAsync("version", "--json");

        var result = await ProcessRunner.RunAsync("qemu-aarch64-static", ["-L", "/usr/aarch64-linux-gnu", arm64, "version", "--json"]);

        Assert.True(result.ExitCode == 0, result.ToString());
        using var doc = JsonDocument.Parse(result.StdOut);
        using var x64Doc = JsonDocument.Parse(x64.StdOut);
        Assert.Equal("linux-arm64", doc.RootElement.GetProperty("runtime").GetString());
        Assert.Equal(x64Doc.RootElement.GetProperty("manifestHash").GetString(), doc.RootElement.GetProperty("manifestHash").GetString());
    }

    [Theory]
    [InlineData("linux-x64")]
    [InlineData("linux-arm64")]
    public async Task Each_binary_with_tls_support_is_at_most_9_MiB(string rid)
    {
        var binary = await OpsBinary.PublishAsync(rid);

        Assert.InRange(new FileInfo(binary).Length, 1, MaxBytes);
    }

    [Theory]
    [InlineData("linux-x64", "objdump")]
    [InlineData("linux-arm64", "aarch64-linux-gnu-objdump")]
    public async Task Neither_binary_needs_a_glibc_newer_than_2_34(string rid, string objdump)
    {
        var binary = await OpsBinary.PublishAsync(rid);

        var symbols = await ProcessRunner.RunAsync(objdump, ["-T", binary]);

        Assert.Equal(0, symbols.ExitCode);
        var versions = GlibcVersion().Matches(symbols.StdOut).Select(m => Version.Parse(m.Groups[1].Value)).Distinct().ToList();
        Assert.NotEmpty(versions);
        Assert.True(versions.Max() <= new Version(2, 34), $"{rid} needs GLIBC_{versions.Max()}");
    }

    [GeneratedRegex(@"GLIBC_(\d+\.\d+(?:\.\d+)?)")]
    private static partial Regex GlibcVersion();
}
