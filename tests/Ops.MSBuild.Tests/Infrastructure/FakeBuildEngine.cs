using System.Collections;
using Microsoft.Build.Framework;

namespace CocktailDb.Ops.MSBuild.Tests.Infrastructure;

/// <summary>Stands in for MSBuild when a task runs in-process: collects what the task logs.</summary>
public sealed class FakeBuildEngine : IBuildEngine
{
    public List<BuildErrorEventArgs> Errors { get; } = [];

    public List<BuildWarningEventArgs> Warnings { get; } = [];

    public List<BuildMessageEventArgs> Messages { get; } = [];

    public string Log => string.Join("\n", Messages.Select(m => m.Message).Concat(Errors.Select(e => $"error {e.Code}: {e.Message}")));

    public bool ContinueOnError => false;

    public int LineNumberOfTaskNode => 0;

    public int ColumnNumberOfTaskNode => 0;

    public string ProjectFileOfTaskNode => "test.proj";

    public void LogErrorEvent(BuildErrorEventArgs e) => Errors.Add(e);

    public void LogWarningEvent(BuildWarningEventArgs e) => Warnings.Add(e);

    public void LogMessageEvent(BuildMessageEventArgs e) => Messages.Add(e);

    public void LogCustomEvent(CustomBuildEventArgs e)
    {
    }

    public bool BuildProjectFile(string projectFileName, string[] targetNames, IDictionary globalProperties, IDictionary targetOutputs) =>
        throw new NotSupportedException("the tasks under test build no projects");

    /// <summary>The single error the task logged; fails the test when there is not exactly one.</summary>
    public BuildErrorEventArgs SingleError() => Assert.Single(Errors);
}
