using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace Bulwark.Core.Findings;

/// <summary>
/// Stable identities for findings. A fingerprint must survive unrelated edits (lines moving), so it is built
/// from what the finding is about — rule, file, and a hash of the matched content — never from positions.
/// </summary>
public static class Fingerprint
{
    public static string Create(params ReadOnlySpan<string?> parts)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var part in parts)
        {
            hash.AppendData(Encoding.UTF8.GetBytes(part ?? string.Empty));
            hash.AppendData([0]);
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>A one-way digest of sensitive content, safe to mix into fingerprints.</summary>
    public static string DigestOf(ReadOnlySpan<char> content)
    {
        Span<byte> digest = stackalloc byte[32];
        var max = Encoding.UTF8.GetMaxByteCount(content.Length);
        byte[]? rented = null;
        var buffer = max <= 512 ? stackalloc byte[512] : (rented = ArrayPool<byte>.Shared.Rent(max));
        var length = Encoding.UTF8.GetBytes(content, buffer);
        SHA256.HashData(buffer[..length], digest);
        // The buffer held a secret: wipe it before it goes back to the pool.
        CryptographicOperations.ZeroMemory(buffer[..length]);
        if (rented is not null)
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
        return Convert.ToHexStringLower(digest);
    }
}
