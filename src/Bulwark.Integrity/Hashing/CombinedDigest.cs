using System.Security.Cryptography;

namespace Bulwark.Integrity.Hashing;

/// <summary>
/// SHA-256 over raw digests concatenated in order: the OMS statement's subject digest, and the root digest of
/// dataset manifests and <c>bulwark hash</c>.
/// </summary>
internal static class CombinedDigest
{
    public static byte[] Of(IEnumerable<byte[]> digests)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var digest in digests)
        {
            hash.AppendData(digest);
        }
        return hash.GetHashAndReset();
    }
}
