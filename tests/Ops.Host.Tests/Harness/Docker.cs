using CocktailDb.Ops.Tests.Harness;

namespace CocktailDb.Ops.Host.Tests.Harness;

/// <summary>The docker CLI, for the host container's lifecycle and its console (docker exec).</summary>
internal static class Docker
{
    public static Task<ProcessResult> RunAsync(IEnumerable<string> arguments, string? input = null, TimeSpan? timeout = null) =>
        InputProcess.RunAsync(
            "docker",
            arguments,
            input,
            timeout ?? TimeSpan.FromMinutes(2),
            // The engine here speaks API 1.41; a newer CLI would ask for more.
            new Dictionary<string, string?> { ["DOCKER_API_VERSION"] = Environment.GetEnvironmentVariable("DOCKER_API_VERSION") ?? "1.41" });

    public static async Task<string> CheckedAsync(IEnumerable<string> arguments, string? input = null, TimeSpan? timeout = null)
    {
        var result = await RunAsync(arguments, input, timeout);
        Assert.True(result.ExitCode == 0, $"docker {string.Join(' ', arguments)}:\n{result}");
        return result.StdOut.Trim();
    }
}
