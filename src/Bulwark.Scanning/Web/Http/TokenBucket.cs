namespace Bulwark.Scanning.Web.Http;

/// <summary>
/// Paces requests to <c>rate</c> per second with a burst of at most ten (or one second's worth, if less), so
/// a scan never hits the target harder than the user allowed, even for the rate-limit burst.
/// </summary>
internal sealed class TokenBucket
{
    private readonly TimeProvider _time;
    private readonly double _rate;
    private readonly double _capacity;
    private readonly Lock _lock = new();
    private double _tokens;
    private long _stamp;

    public TokenBucket(double rate, TimeProvider time)
    {
        _time = time;
        _rate = rate;
        _capacity = Math.Max(1, Math.Min(rate, 10));
        _tokens = _capacity;
        _stamp = time.GetTimestamp();
    }

    public async ValueTask WaitAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            TimeSpan wait;
            lock (_lock)
            {
                var now = _time.GetTimestamp();
                _tokens = Math.Min(_capacity, _tokens + _time.GetElapsedTime(_stamp, now).TotalSeconds * _rate);
                _stamp = now;
                if (_tokens >= 1)
                {
                    _tokens -= 1;
                    return;
                }
                wait = TimeSpan.FromSeconds((1 - _tokens) / _rate);
            }
            await Task.Delay(wait, _time, cancellationToken).ConfigureAwait(false);
        }
    }
}
