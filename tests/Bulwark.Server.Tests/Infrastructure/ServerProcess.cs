using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.RegularExpressions;
using Bulwark.Tests.Shared;

namespace Bulwark.Server.Tests.Infrastructure;

/// <summary>
/// <c>bulwark server</c> as its own operating-system process (plain HTTP on a loopback port), so a test can kill it
/// with SIGKILL as a crash or the OOM killer would, and start it again on the same data directory.
/// </summary>
internal sealed partial class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private ServerProcess(Process process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public int Id => _process.Id;

    public string Output => string.Join('\n', _output);

    /// <summary>Starts the server with <paramref name="arguments"/> after the CLI prefix and waits until it listens.</summary>
    public static async Task<ServerProcess> StartAsync(IReadOnlyList<string> cli, string dataDirectory, params string[] arguments)
    {
        var port = LoopbackPort.Free();
        var start = new ProcessStartInfo(cli[0]) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in cli.Skip(1).Concat(["--data-dir", dataDirectory, "server", "--listen", $"127.0.0.1:{port}", "--insecure-http"]).Concat(arguments))
        {
            start.ArgumentList.Add(argument);
        }
        var process = Process.Start(start)!;
        var server = new ServerProcess(process, new Uri($"http://127.0.0.1:{port}"));
        var listening = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, line) =>
        {
            if (line.Data is null)
            {
                return;
            }
            server._output.Enqueue(line.Data);
            if (Listening().IsMatch(line.Data))
            {
                listening.TrySetResult();
            }
        };
        process.ErrorDataReceived += (_, line) =>
        {
            if (line.Data is not null)
            {
                server._output.Enqueue(line.Data);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var exited = process.WaitForExitAsync();
        if (await Task.WhenAny(listening.Task, exited, Task.Delay(TimeSpan.FromSeconds(60))) != listening.Task)
        {
            await server.DisposeAsync();
            throw new InvalidOperationException("bulwark server did not start listening:\n" + server.Output);
        }
        return server;
    }

    /// <summary>SIGKILL: no shutdown code runs, nothing is flushed or released.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: false);
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }

    [GeneratedRegex("listening on http://")]
    private static partial Regex Listening();
}
