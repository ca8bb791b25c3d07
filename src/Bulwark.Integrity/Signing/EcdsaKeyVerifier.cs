using System.Security.Cryptography;
using System.Text;

namespace Bulwark.Integrity.Signing;

/// <summary>Verifies against one trusted public key; a hint or embedded key in the bundle must name that same key.</summary>
internal sealed class EcdsaKeyVerifier(ECDsa publicKey) : IVerifier
{
    private readonly byte[] hint = Encoding.ASCII.GetBytes(PemKeys.Hint(publicKey));

    public string? Verify(VerificationMaterial material, ReadOnlySpan<byte> pae, ReadOnlySpan<byte> signature)
    {
        if (material is not PublicKeyMaterial key)
        {
            return "the bundle is signed with a certificate, but a public key was given to verify it";
        }
        if (!string.IsNullOrEmpty(key.Hint)
            && !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(key.Hint), hint))
        {
            return "the bundle's public key hint does not match the given public key";
        }
        if (key.RawBytes is { } raw && !EmbeddedKeyMatches(raw))
        {
            return "the public key embedded in the bundle is not the given public key";
        }
        return EcdsaSignatures.Verify(publicKey, pae, signature) ? null : "the signature does not match the given public key";
    }

    /// <summary>Reference versions before 1.1 embedded the PEM text; a Sigstore client would embed DER.</summary>
    private bool EmbeddedKeyMatches(byte[] raw)
    {
        if (raw.AsSpan().SequenceEqual(publicKey.ExportSubjectPublicKeyInfo()))
        {
            return true;
        }
        try
        {
            using var embedded = PemKeys.LoadPublicKey(Encoding.UTF8.GetString(raw));
            return embedded.ExportSubjectPublicKeyInfo().AsSpan().SequenceEqual(publicKey.ExportSubjectPublicKeyInfo());
        }
        catch (KeyFormatException)
        {
            return false;
        }
    }
}
