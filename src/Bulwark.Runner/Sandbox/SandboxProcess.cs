using System.ComponentModel;
using System.Diagnostics;

namespace Bulwark.Runner.Sandbox;

/// <summary>
/// The process plumbing both executors share: start, feed stdin, pump stdout and stderr to the callback one chunk
/// at a time, enforce the timeout and cancellation, and kill whatever the process left behind.
/// </summary>
internal static class SandboxProcess
{
    private const int ChunkSize = 16 * 1024;

    /// <summary>How long the pipes may stay open after the process tree was killed (a process that escaped holds them).</summary>
    private static readonly TimeSpan DrainGrace = TimeSpan.FromSeconds(2);

    /// <param name="start">What to start; its redirection settings are overwritten.</param>
    /// <param name="stdin">Bytes written to the process's stdin before it is closed (bubblewrap reads its <c>--args</c> there).</param>
    /// <param name="killTree">Kills every process the run started; called on timeout, on cancellation and after the main process exits.</param>
    public static async Task<SandboxResult> RunAsync(
        ProcessStartInfo start, byte[]? stdin, TimeSpan timeout, SandboxOutput output, Action<Process> killTree,
        TimeProvider time, CancellationToken cancellationToken)
    {
        start.UseShellExecute = false;
        start.RedirectStandardInput = true;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        var started = time.GetTimestamp();
        using var process = new Process { StartInfo = start };
        long launched;
        try
        {
            launched = await ProcessLauncher.StartAsync(process);
        }
        catch (Win32Exception ex)
        {
            throw new SandboxException($"cannot start {start.FileName}: {ex.Message}", ex);
        }

        // The timeout counts from the process's start; what is left may already be nothing on a busy machine.
        var remaining = timeout == Timeout.InfiniteTimeSpan ? timeout : TimeSpan.FromTicks(Math.Max(0, (timeout - Stopwatch.GetElapsedTime(launched)).Ticks));
        using var deadline = new CancellationTokenSource(remaining, time);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, cancellationToken);
        var gate = new SemaphoreSlim(1, 1);
        Exception? callbackFailure = null;
        async ValueTask Deliver(SandboxStream stream, ReadOnlyMemory<byte> chunk)
        {
            await gate.WaitAsync(CancellationToken.None);
            try
            {
                // Not the run's token: a cancelled run still delivers what the process wrote before it was killed.
                await output(stream, chunk, CancellationToken.None);
            }
            catch (Exception ex)
            {
                // The consumer cannot take more: stop the process rather than block or lose output silently.
                callbackFailure ??= ex;
                await stop.CancelAsync();
            }
            finally
            {
                gate.Release();
            }
        }

        var feed = FeedAsync(process.StandardInput.BaseStream, stdin);
        var pumps = Task.WhenAll(
            PumpAsync(process.StandardOutput.BaseStream, SandboxStream.Stdout, Deliver),
            PumpAsync(process.StandardError.BaseStream, SandboxStream.Stderr, Deliver));

        var killed = false;
        try
        {
            await process.WaitForExitAsync(stop.Token);
        }
        catch (OperationCanceledException)
        {
            killed = true;
            killTree(process);
            await process.WaitForExitAsync(CancellationToken.None);
        }
        // Background children of a command that exited (`sleep 100 &`) must not outlive the step.
        killTree(process);
        await feed;
        if (await Task.WhenAny(pumps, Task.Delay(DrainGrace, time, CancellationToken.None)) != pumps)
        {
            process.StandardOutput.BaseStream.Dispose();
            process.StandardError.BaseStream.Dispose();
        }
        await pumps.ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        if (callbackFailure is not null)
        {
            throw callbackFailure;
        }
        var duration = time.GetElapsedTime(started);
        if (killed)
        {
            var cancelled = cancellationToken.IsCancellationRequested;
            return new SandboxResult(null, TimedOut: !cancelled, Cancelled: cancelled, duration);
        }
        return new SandboxResult(process.ExitCode, TimedOut: false, Cancelled: false, duration);
    }

    private static async Task FeedAsync(Stream stdin, byte[]? bytes)
    {
        try
        {
            if (bytes is { Length: > 0 })
            {
                await stdin.WriteAsync(bytes);
            }
            await stdin.DisposeAsync();
        }
        catch (IOException)
        {
            // The process exited before reading its input (it failed to start its command); its exit code tells.
        }
    }

    private static async Task PumpAsync(Stream source, SandboxStream stream, Func<SandboxStream, ReadOnlyMemory<byte>, ValueTask> deliver)
    {
        var buffer = new byte[ChunkSize];
        try
        {
            int read;
            while ((read = await source.ReadAsync(buffer)) > 0)
            {
                await deliver(stream, buffer.AsMemory(0, read));
            }
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
        {
            // The pipe was closed under us after the drain grace: the rest of the output is lost on purpose.
        }
    }
}
