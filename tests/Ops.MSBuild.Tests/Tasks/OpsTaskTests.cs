using CocktailDb.Ops.MSBuild.Local;
using CocktailDb.Ops.MSBuild.Tasks;
using CocktailDb.Ops.MSBuild.Tests.Infrastructure;
using Microsoft.Build.Framework;

namespace CocktailDb.Ops.MSBuild.Tests.Tasks;

/// <summary>Every way a task can fail ends as one coded error: never an exception for MSBuild to print as MSB4018.</summary>
public sealed class OpsTaskTests
{
    private sealed class Throwing(Exception exception) : OpsTask
    {
        protected override void ExecuteCore() => throw exception;
    }

    [Fact]
    public void An_unexpected_exception_is_a_coded_error_and_its_stack_trace_goes_to_the_detailed_log()
    {
        var engine = new FakeBuildEngine();
        var task = new Throwing(new InvalidOperationException("the unexpected happened")) { BuildEngine = engine };

        Assert.False(task.Execute());

        var error = engine.SingleError();
        Assert.Equal("OPSB9003", error.Code);
        Assert.Equal("Throwing failed unexpectedly: InvalidOperationException: the unexpected happened (the detailed log, -v:diag, has the stack trace).", error.Message);
        Assert.Contains(engine.Messages, m => m.Importance == MessageImportance.Low && m.Message!.Contains("at CocktailDb.Ops.MSBuild.Tests.Tasks.OpsTaskTests.Throwing.ExecuteCore", StringComparison.Ordinal));
    }

    [Fact]
    public void A_file_in_the_way_of_the_throwaway_database_folder_is_a_file_system_error()
    {
        var file = Path.Combine(Path.GetTempPath(), "cocktaildb-msbuild-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        File.WriteAllText(file, "a file, not a folder");
        var engine = new FakeBuildEngine();
        var task = new RunLocalMigration
        {
            BuildEngine = engine,
            BinaryPath = typeof(OpsTaskTests).Assembly.Location,
            LocalDbDir = Path.Combine(file, "localdb"),
        };

        Assert.False(task.Execute());

        var error = engine.SingleError();
        Assert.Equal("OPSB9002", error.Code);
        Assert.Contains(file, error.Message);
        File.Delete(file);
    }

    [Fact]
    public void A_missing_binary_is_named_as_such()
    {
        var engine = new FakeBuildEngine();
        var task = new RunLocalMigration { BuildEngine = engine, BinaryPath = "/nonexistent/cocktaildb-ops", LocalDbDir = Path.GetTempPath() };

        Assert.False(task.Execute());

        Assert.Equal("OPSB1201", engine.SingleError().Code);
        Assert.Contains("the published cocktaildb-ops is missing at /nonexistent/cocktaildb-ops", engine.SingleError().Message);
    }

    [Fact]
    public void A_throwaway_database_another_build_keeps_busy_is_a_coded_error_after_the_wait()
    {
        var dir = Path.Combine(Path.GetTempPath(), "cocktaildb-msbuild-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        // What another build holds while it starts or stops the cluster (an flock on Linux).
        using var held = new FileStream(Path.Combine(dir, ".lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        var engine = new FakeBuildEngine();
        var task = new LocalDb { BuildEngine = engine, Action = "Stop", LocalDbDir = dir };

        var error = Assert.Throws<OpsBuildException>(() => new LocalCluster(task, task.Processes, dir, "nobody", null, TimeSpan.FromSeconds(1)).Ensure());

        Assert.Equal("OPSB3008", error.Code);
        Assert.Contains($"another build has been using the throwaway PostgreSQL in {dir} for 1 s", error.Message);
        Assert.Contains("waiting for it", engine.Log);
    }
}
