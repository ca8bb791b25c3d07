namespace Bulwark.Scanning.Web.Http;

/// <summary>The request count every probe draws from; once spent, no further request is sent.</summary>
internal sealed class RequestBudget(int maxRequests)
{
    private int _used;

    public bool Exhausted => Volatile.Read(ref _used) >= maxRequests;

    public bool TryTake() => Interlocked.Increment(ref _used) <= maxRequests;
}
