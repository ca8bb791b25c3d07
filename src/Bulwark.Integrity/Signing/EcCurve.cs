using System.Security.Cryptography;

namespace Bulwark.Integrity.Signing;

/// <summary>The NIST curves model signing supports; each is paired with one hash (P-256/SHA-256, P-384/SHA-384, P-521/SHA-512).</summary>
internal enum EcCurve
{
    P256,
    P384,
    P521,
}

/// <summary>Curve ↔ hash pairing, shared by signers and verifiers so both sides always agree.</summary>
internal static class EcCurves
{
    public static ECCurve ToNamedCurve(EcCurve curve) => curve switch
    {
        EcCurve.P256 => ECCurve.NamedCurves.nistP256,
        EcCurve.P384 => ECCurve.NamedCurves.nistP384,
        EcCurve.P521 => ECCurve.NamedCurves.nistP521,
        _ => throw new ArgumentOutOfRangeException(nameof(curve), curve, "unknown curve"),
    };

    /// <summary>The hash for a key, chosen by its field size, or null for a size we do not support.</summary>
    public static HashAlgorithmName? HashFor(ECDsa key) => key.KeySize switch
    {
        256 => HashAlgorithmName.SHA256,
        384 => HashAlgorithmName.SHA384,
        521 => HashAlgorithmName.SHA512,
        _ => null,
    };

    /// <summary>Sigstore's <c>keyDetails</c> name for a key (PKIX_ECDSA_P384_SHA_384 and so on).</summary>
    public static string? KeyDetailsFor(ECDsa key) => key.KeySize switch
    {
        256 => "PKIX_ECDSA_P256_SHA_256",
        384 => "PKIX_ECDSA_P384_SHA_384",
        521 => "PKIX_ECDSA_P521_SHA_512",
        _ => null,
    };

    public static bool TryParse(string text, out EcCurve curve)
    {
        switch (text.ToLowerInvariant())
        {
            case "p256" or "p-256" or "secp256r1" or "prime256v1":
                curve = EcCurve.P256;
                return true;
            case "p384" or "p-384" or "secp384r1":
                curve = EcCurve.P384;
                return true;
            case "p521" or "p-521" or "secp521r1":
                curve = EcCurve.P521;
                return true;
            default:
                curve = default;
                return false;
        }
    }
}
