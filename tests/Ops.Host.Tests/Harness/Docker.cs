using CocktailDb.Ops.Tests.Harness;

namespace CocktailDb.Ops.Host.Tests.Harness;

/// <summary>
/// The docker CLI, for the host container's lifecycle and its console (docker exec). It speaks
/// API 1.41, which the engine here wants: TestEnvironment sets DOCKER_API_VERSION for the run.
/// </summary>
internal static class Docker
{
    public static Task<ProcessResult> RunAsync(IEnumerable<string> arguments, string? input = null, TimeSpan? timeout = null) =>
        ProcessRunner.RunAsync("docker", arguments, timeout: timeout ?? TimeSpan.FromMinutes(2), input: input);

    public static async Task<string> CheckedAsync(IEnumerable<string> arguments, string? input = null, TimeSpan? timeout = null)
    {
        var result = await RunAsync(arguments, input, timeout);
        Assert.True(result.ExitCode == 0, $"docker {string.Join(' ', arguments)}:\n{result}");
        return result.StdOut.Trim();
    }
}
