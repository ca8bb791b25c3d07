using System.Security.Cryptography;

namespace Bulwark.Integrity.Signing;

/// <summary>Signs with a private key file; the bundle names the key by its hint only.</summary>
internal sealed class EcdsaKeySigner(ECDsa privateKey) : ISigner
{
    public VerificationMaterial Material { get; } = new PublicKeyMaterial(PemKeys.Hint(privateKey));

    public byte[] Sign(ReadOnlySpan<byte> pae) => EcdsaSignatures.Sign(privateKey, pae);
}
