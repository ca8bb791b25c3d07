namespace Bulwark.Scanning.Secrets.History;

/// <summary>
/// Bounds the blob bytes held between reading and scanning, whatever the blob sizes: a count-bounded queue
/// alone would let a history of 50 MB blobs hold gigabytes. One blob larger than the whole budget may still
/// pass, alone, so a size limit above the budget never deadlocks. One acquirer (the blob reader), many releasers.
/// </summary>
internal sealed class ByteBudget(long capacity)
{
    private readonly Lock _gate = new();
    private long _used;
    private TaskCompletionSource? _released;

    public async ValueTask AcquireAsync(long bytes, CancellationToken cancellationToken)
    {
        while (true)
        {
            Task released;
            lock (_gate)
            {
                if (_used == 0 || _used + bytes <= capacity)
                {
                    _used += bytes;
                    return;
                }
                _released = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                released = _released.Task;
            }
            await released.WaitAsync(cancellationToken);
        }
    }

    public void Release(long bytes)
    {
        TaskCompletionSource? released;
        lock (_gate)
        {
            _used -= bytes;
            released = _released;
            _released = null;
        }
        released?.TrySetResult();
    }
}
