using System.Security.Cryptography;
using System.Text;

namespace Bulwark.Server.Identity;

/// <summary>
/// While the server has no users, a one-time token printed at start-up is the only way to create the first
/// administrator through the web UI. It lives in memory only, is compared in constant time and dies on first use.
/// </summary>
internal sealed class SetupToken
{
    private readonly Lock _lock = new();
    private byte[]? _hash;

    /// <summary>Creates a fresh token and returns it for printing; the server keeps only its hash.</summary>
    public string Issue()
    {
        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        lock (_lock)
        {
            _hash = SHA256.HashData(Encoding.ASCII.GetBytes(token));
        }
        return token;
    }

    public bool IsActive
    {
        get
        {
            lock (_lock)
            {
                return _hash is not null;
            }
        }
    }

    /// <summary>True once for the right token; the token is spent by that call.</summary>
    public bool TryConsume(string? candidate)
    {
        if (string.IsNullOrEmpty(candidate) || candidate.Length > 64)
        {
            return false;
        }
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(candidate));
        lock (_lock)
        {
            if (_hash is null || !CryptographicOperations.FixedTimeEquals(hash, _hash))
            {
                return false;
            }
            _hash = null;
            return true;
        }
    }
}
