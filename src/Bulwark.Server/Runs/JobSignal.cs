namespace Bulwark.Server.Runs;

/// <summary>
/// Wakes idle embedded runners the moment a job becomes ready in this process, so a webhook's first step starts
/// in milliseconds rather than at the next poll. Other server instances find the job at their next poll.
/// A runner takes <see cref="Next"/> before it looks at the queue, so a pulse between the look and the wait is not lost.
/// </summary>
internal sealed class JobSignal
{
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Next => Volatile.Read(ref _next).Task;

    public void Pulse() => Interlocked.Exchange(ref _next, new(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
}
