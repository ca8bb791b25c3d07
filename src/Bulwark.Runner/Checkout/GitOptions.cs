namespace Bulwark.Runner.Checkout;

/// <summary>How the runner and the server talk to Git hosts.</summary>
internal sealed record GitOptions
{
    public static readonly TimeSpan MaxTimeout = TimeSpan.FromHours(24);

    /// <summary>
    /// Accept repositories on this machine: <c>file://</c> URLs, absolute paths and <c>http://</c> on a loopback
    /// address. Off by default, because a project could otherwise read any repository the runner's user can.
    /// The server turns it on with <c>--allow-local-repositories</c>.
    /// </summary>
    public bool AllowLocalRepositories { get; init; }

    /// <summary>Wall-clock limit for one checkout or file read, all git commands together. Default 10 minutes, at most 24 hours.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <exception cref="ArgumentException">A setting is out of range; the message names it.</exception>
    public GitOptions Validate()
    {
        if (Timeout <= TimeSpan.Zero || Timeout > MaxTimeout)
        {
            throw new ArgumentException($"GitOptions.Timeout must be more than zero and at most {MaxTimeout}, not {Timeout}");
        }
        return this;
    }
}
