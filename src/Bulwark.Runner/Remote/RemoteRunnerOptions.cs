namespace Bulwark.Runner.Remote;

/// <summary>How a remote runner works its server's queue.</summary>
internal sealed record RemoteRunnerOptions
{
    public const int MaxConcurrency = 64;

    /// <summary>Jobs run at once (one lease long-poll per idle slot). Default 1, at most <see cref="MaxConcurrency"/>.</summary>
    public int Concurrency { get; init; } = 1;

    /// <summary>How long the server may hold one request for work open. Default and most <see cref="RunnerProtocol.MaxLeaseWaitSeconds"/>.</summary>
    public int LeaseWaitSeconds { get; init; } = RunnerProtocol.MaxLeaseWaitSeconds;

    /// <summary>After a stop is asked for, running jobs get this long to finish; then they are cancelled and handed back. Default 60 s.</summary>
    public TimeSpan DrainTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>First wait after the server could not be reached; it doubles (with jitter) up to <see cref="MaxBackoff"/>. Default 1 s.</summary>
    public TimeSpan MinBackoff { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest wait between attempts to reach the server. Default 60 s.</summary>
    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How long the runner keeps trying to report a finished job's result through an outage. Default 10 minutes.</summary>
    public TimeSpan ResultRetryWindow { get; init; } = TimeSpan.FromMinutes(10);

    /// <exception cref="ArgumentException">A setting is out of range; the message names it.</exception>
    public RemoteRunnerOptions Validate()
    {
        static void Require(bool condition, string setting, string rule)
        {
            if (!condition)
            {
                throw new ArgumentException($"{setting} {rule}", setting);
            }
        }
        Require(Concurrency is >= 1 and <= MaxConcurrency, nameof(Concurrency), $"must be 1-{MaxConcurrency}");
        Require(LeaseWaitSeconds is >= 0 and <= RunnerProtocol.MaxLeaseWaitSeconds, nameof(LeaseWaitSeconds), $"must be 0-{RunnerProtocol.MaxLeaseWaitSeconds}");
        Require(DrainTimeout >= TimeSpan.Zero && DrainTimeout <= TimeSpan.FromHours(24), nameof(DrainTimeout), "must be 0 to 24 hours");
        Require(MinBackoff > TimeSpan.Zero && MinBackoff <= MaxBackoff, nameof(MinBackoff), "must be more than zero and at most MaxBackoff");
        Require(MaxBackoff <= TimeSpan.FromHours(1), nameof(MaxBackoff), "must be at most one hour");
        Require(ResultRetryWindow > TimeSpan.Zero, nameof(ResultRetryWindow), "must be more than zero");
        return this;
    }
}
