namespace Bulwark.Runner.Remote;

/// <summary>Exponential backoff with full jitter between a minimum and a cap: many runners that lost one server do not return in step.</summary>
internal sealed class Backoff(TimeSpan min, TimeSpan max)
{
    private TimeSpan _ceiling = TimeSpan.Zero;

    /// <summary>The next wait: random between the minimum and the current ceiling, which doubles each time up to the cap.</summary>
    public TimeSpan Next()
    {
        _ceiling = _ceiling < min ? min : _ceiling * 2 > max ? max : _ceiling * 2;
        return min + (_ceiling - min) * Random.Shared.NextDouble();
    }

    public void Reset() => _ceiling = TimeSpan.Zero;
}
