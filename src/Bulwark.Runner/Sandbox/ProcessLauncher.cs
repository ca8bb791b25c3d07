using System.Collections.Concurrent;
using System.Diagnostics;

namespace Bulwark.Runner.Sandbox;

/// <summary>
/// Starts sandbox processes from one thread that lives as long as the runner. bubblewrap's <c>--die-with-parent</c>
/// is <c>PR_SET_PDEATHSIG</c>, which fires when the <em>thread</em> that forked bwrap exits, not the process: started
/// from a thread-pool thread, a job was SIGKILLed (exit 137, no output) whenever the pool retired that thread.
/// </summary>
internal static class ProcessLauncher
{
    private static readonly BlockingCollection<(Process Process, TaskCompletionSource<long> Started)> Requests = [];

    static ProcessLauncher()
    {
        var thread = new Thread(Run) { IsBackground = true, Name = "bulwark sandbox launcher" };
        thread.Start();
    }

    /// <summary>
    /// Starts <paramref name="process"/> on the launcher thread; its exceptions surface here. Returns the
    /// <see cref="Stopwatch"/> timestamp of the start, taken on that thread: the caller may resume much later on a
    /// busy thread pool, and a timeout must count from when the process began, not from then.
    /// </summary>
    public static Task<long> StartAsync(Process process)
    {
        var started = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        Requests.Add((process, started));
        return started.Task;
    }

    private static void Run()
    {
        foreach (var (process, started) in Requests.GetConsumingEnumerable())
        {
            try
            {
                process.Start();
                started.SetResult(Stopwatch.GetTimestamp());
            }
            catch (Exception ex)
            {
                started.SetException(ex);
            }
        }
    }
}
