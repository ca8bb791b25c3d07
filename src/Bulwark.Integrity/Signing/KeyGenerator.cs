using System.Security.Cryptography;

namespace Bulwark.Integrity.Signing;

/// <summary>A freshly generated key pair as PEM text: PKCS#8 private key and SubjectPublicKeyInfo public key.</summary>
internal sealed record GeneratedKeyPair(string PrivateKeyPem, string PublicKeyPem);

internal static class KeyGenerator
{
    public static GeneratedKeyPair Generate(EcCurve curve)
    {
        using var key = ECDsa.Create(EcCurves.ToNamedCurve(curve));
        return new GeneratedKeyPair(key.ExportPkcs8PrivateKeyPem() + "\n", PemKeys.PublicKeyPem(key));
    }
}
