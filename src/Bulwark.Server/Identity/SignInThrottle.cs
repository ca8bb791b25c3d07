using System.Threading.RateLimiting;

namespace Bulwark.Server.Identity;

/// <summary>
/// Rate limits for password and second-factor attempts, per source IP and per account (the submitted username,
/// known or not), so neither one address nor many addresses aimed at one account can guess quickly. Lockout
/// (5 failures) protects a known account for longer; this also covers unknown names and spraying.
/// </summary>
internal sealed class SignInThrottle : IDisposable
{
    public const int PermitsPerIpPerMinute = 30;
    public const int PermitsPerAccountPerMinute = 10;
    private const int MaxAccountKeyLength = 256;

    private readonly PartitionedRateLimiter<string> _byIp = Create(PermitsPerIpPerMinute);
    private readonly PartitionedRateLimiter<string> _byAccount = Create(PermitsPerAccountPerMinute);

    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    /// <summary>Whether one more attempt is allowed now; each call spends a permit from both partitions.</summary>
    public bool TryAcquire(string? ip, string? account)
    {
        using var byIp = _byIp.AttemptAcquire(ip ?? "unknown");
        if (!byIp.IsAcquired)
        {
            return false;
        }
        var key = (account ?? "").Trim().ToUpperInvariant();
        using var byAccount = _byAccount.AttemptAcquire(key.Length > MaxAccountKeyLength ? key[..MaxAccountKeyLength] : key);
        return byAccount.IsAcquired;
    }

    public void Dispose()
    {
        _byIp.Dispose();
        _byAccount.Dispose();
    }

    private static PartitionedRateLimiter<string> Create(int permits) =>
        PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = permits,
            Window = Window,
            QueueLimit = 0,
        }));
}
