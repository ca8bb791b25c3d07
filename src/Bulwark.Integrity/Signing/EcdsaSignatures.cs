using System.Security.Cryptography;

namespace Bulwark.Integrity.Signing;

/// <summary>ECDSA with the curve's own hash and DER signatures, the form Sigstore bundles carry.</summary>
internal static class EcdsaSignatures
{
    public static byte[] Sign(ECDsa key, ReadOnlySpan<byte> data) =>
        key.SignData(data, EcCurves.HashFor(key) ?? throw new KeyFormatException($"unsupported ECDSA key size {key.KeySize}"),
            DSASignatureFormat.Rfc3279DerSequence);

    /// <summary>False for a wrong or malformed signature (never throws on garbage).</summary>
    public static bool Verify(ECDsa key, ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature)
    {
        if (EcCurves.HashFor(key) is not { } hash)
        {
            return false;
        }
        try
        {
            return key.VerifyData(data, signature, hash, DSASignatureFormat.Rfc3279DerSequence);
        }
        catch (CryptographicException)
        {
            return false;
        }
    }
}
