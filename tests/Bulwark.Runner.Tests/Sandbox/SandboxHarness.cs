using System.Text;
using Bulwark.Runner.Jobs;
using Bulwark.Runner.Sandbox;

namespace Bulwark.Runner.Tests.Sandbox;

/// <summary>A work root the sandbox user can reach (0711), a fresh workspace per run, and captured output.</summary>
internal sealed class SandboxHarness : IDisposable
{
    public SandboxHarness(bool sandboxed = true, Func<RunnerOptions, RunnerOptions>? configure = null)
    {
        Root = Directory.CreateTempSubdirectory("bulwark-sandbox-").FullName;
        File.SetUnixFileMode(Root, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
        var options = new RunnerOptions { WorkRoot = Root, GateCommand = ["/bin/false"], Sandboxed = sandboxed };
        Options = configure?.Invoke(options) ?? options;
        Executor = SandboxExecutors.Create(Options, TimeProvider.System);
    }

    public string Root { get; }

    public RunnerOptions Options { get; }

    public ISandboxExecutor Executor { get; }

    /// <summary>A new empty workspace, owned by the sandbox user.</summary>
    public string NewWorkspace()
    {
        var workspace = Path.Combine(Root, "ws-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(workspace, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        Executor.GrantWrite(workspace);
        return workspace;
    }

    public Task<Captured> RunAsync(string script, bool egress = false, TimeSpan? timeout = null, IReadOnlyDictionary<string, string>? environment = null,
        string? workspace = null, CancellationToken cancellationToken = default) =>
        RunAsync(["/bin/sh", "-c", script], egress, timeout, environment, workspace, cancellationToken);

    public async Task<Captured> RunAsync(IReadOnlyList<string> command, bool egress, TimeSpan? timeout, IReadOnlyDictionary<string, string>? environment,
        string? workspace, CancellationToken cancellationToken)
    {
        var stdout = new MemoryStream();
        var stderr = new MemoryStream();
        var request = new SandboxRequest
        {
            Command = command,
            Workspace = workspace ?? NewWorkspace(),
            Environment = environment ?? new Dictionary<string, string>(),
            NetworkEgress = egress,
            Timeout = timeout ?? TimeSpan.FromSeconds(20),
        };
        var result = await Executor.RunAsync(request, (stream, chunk, _) =>
        {
            (stream == SandboxStream.Stdout ? stdout : stderr).Write(chunk.Span);
            return ValueTask.CompletedTask;
        }, cancellationToken);
        return new Captured(result, Encoding.UTF8.GetString(stdout.ToArray()), Encoding.UTF8.GetString(stderr.ToArray()));
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);

    internal sealed record Captured(SandboxResult Result, string Stdout, string Stderr);
}
