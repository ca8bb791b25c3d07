using Bulwark.Runner.Jobs;
using Bulwark.Runner.Sandbox;

namespace Bulwark.Runner.Tests.Jobs;

/// <summary>A work root, a prepared source tree, and a JobRunner over real bubblewrap (or the unsafe executor).</summary>
internal sealed class JobHarness : IDisposable
{
    public JobHarness(bool sandboxed = true, Func<RunnerOptions, RunnerOptions>? configure = null, IReadOnlyList<string>? gateCommand = null)
    {
        Temp = Directory.CreateTempSubdirectory("bulwark-job-").FullName;
        WorkRoot = Path.Combine(Temp, "work");
        Source = Path.Combine(Temp, "source");
        Directory.CreateDirectory(Source);
        var options = new RunnerOptions { WorkRoot = WorkRoot, GateCommand = gateCommand ?? ["/bin/false"], Sandboxed = sandboxed };
        Options = configure?.Invoke(options) ?? options;
        Executor = SandboxExecutors.Create(Options, TimeProvider.System);
        // The temp folder is 0700; the sandbox user must be able to pass through it to the work root.
        File.SetUnixFileMode(Temp, File.GetUnixFileMode(Temp) | UnixFileMode.OtherExecute);
        Runner = new JobRunner(Options, new DirectoryCheckout(Source), Executor, TimeProvider.System);
    }

    public string Temp { get; }

    public string WorkRoot { get; }

    public string Source { get; }

    public RunnerOptions Options { get; }

    public ISandboxExecutor Executor { get; }

    public JobRunner Runner { get; }

    public void WriteSource(string relative, string content)
    {
        var path = Path.Combine(Source, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
    }

    public static JobSpec Spec(params JobStep[] steps) => new()
    {
        RunId = Guid.NewGuid(),
        JobId = Guid.NewGuid(),
        Project = "demo",
        Job = "build",
        Checkout = new JobCheckout { RepositoryUrl = "file:///demo", Commit = new string('a', 40), Ref = "refs/heads/main" },
        Steps = steps,
        Timeout = TimeSpan.FromSeconds(30),
    };

    public static JobStep Run(string name, string script) => new() { Name = name, Run = script };

    public void Dispose() => Directory.Delete(Temp, recursive: true);
}
