using System.Buffers;

namespace Bulwark.Integrity.Hashing;

/// <summary>
/// Hashes ranges on a bounded set of dedicated worker threads, largest range first so one big file does not
/// finish alone at the end. Each worker owns two pooled blocks, so memory is workers × 2 × block size
/// whatever the model size. The first failure stops every worker.
/// </summary>
internal static class ParallelRangeHasher
{
    public static byte[][] Run(IReadOnlyList<HashRange> ranges, int parallelism, Action<ModelFile>? afterRead, CancellationToken cancellationToken)
    {
        var digests = new byte[ranges.Count][];
        var order = new int[ranges.Count];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }
        // Equal lengths keep name order, so the schedule is deterministic.
        Array.Sort(order, (a, b) => ranges[a].Length != ranges[b].Length ? ranges[b].Length.CompareTo(ranges[a].Length) : a.CompareTo(b));

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var next = -1;
        Exception? failure = null;
        void Work()
        {
            var front = ArrayPool<byte>.Shared.Rent(FileRangeHasher.BlockSize);
            var back = ArrayPool<byte>.Shared.Rent(FileRangeHasher.BlockSize);
            try
            {
                int slot;
                while ((slot = Interlocked.Increment(ref next)) < order.Length && !stop.IsCancellationRequested)
                {
                    var index = order[slot];
                    digests[index] = FileRangeHasher.Hash(ranges[index], front, back, afterRead, stop.Token);
                }
            }
            catch (Exception e)
            {
                Interlocked.CompareExchange(ref failure, e, null);
                stop.Cancel();
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(front);
                ArrayPool<byte>.Shared.Return(back);
            }
        }

        var workers = Math.Min(parallelism, ranges.Count);
        var tasks = new Task[workers];
        for (var i = 0; i < workers; i++)
        {
            tasks[i] = Task.Factory.StartNew(Work, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        }
        Task.WaitAll(tasks, CancellationToken.None);

        cancellationToken.ThrowIfCancellationRequested();
        if (failure is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
        }
        return digests;
    }
}
