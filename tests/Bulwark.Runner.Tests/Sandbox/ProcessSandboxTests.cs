using System.Diagnostics;
using Bulwark.Runner.Sandbox;

namespace Bulwark.Runner.Tests.Sandbox;

/// <summary>The unsafe executor: no isolation, but the same environment rules and the same process-tree kill.</summary>
public sealed class ProcessSandboxTests : IDisposable
{
    private readonly SandboxHarness _process = new(sandboxed: false);

    [Fact]
    public void It_announces_that_jobs_are_not_sandboxed()
    {
        _process.Executor.ShouldBeOfType<ProcessSandbox>();
        _process.Executor.Warnings.ShouldBe([ProcessSandbox.UnsafeWarning]);
    }

    [Fact]
    public async Task Environment_holds_only_the_declared_variables_and_the_fixed_ones()
    {
        Environment.SetEnvironmentVariable("BULWARK_TEST_RUNNER_ONLY", "leaked-from-runner");
        var workspace = _process.NewWorkspace();
        var run = await _process.RunAsync("env | sort; pwd", environment: new Dictionary<string, string> { ["DECLARED"] = "yes" }, workspace: workspace);

        run.Stdout.ShouldNotContain("leaked-from-runner");
        run.Stdout.ShouldContain("DECLARED=yes\n");
        run.Stdout.ShouldContain($"HOME={workspace}\n");
        run.Stdout.ShouldEndWith(workspace + "\n");
    }

    [Fact]
    public async Task Timeout_kills_the_process_group()
    {
        var token = HostProcesses.UniqueSleep();
        var clock = Stopwatch.StartNew();
        var run = await _process.RunAsync($"(sleep {token}; echo late) & sleep {token}", timeout: TimeSpan.FromMilliseconds(300));

        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(5));
        run.Result.TimedOut.ShouldBeTrue();
        HostProcesses.WithArgument(token).ShouldBeEmpty();
    }

    public void Dispose() => _process.Dispose();
}
