using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Bulwark.Integrity.Signing;

/// <summary>Signs with a private key whose certificate (and intermediates, leaf first) travel in the bundle.</summary>
internal sealed class CertificateSigner : ISigner
{
    private readonly ECDsa privateKey;

    /// <exception cref="KeyFormatException">The leaf certificate is not for this private key.</exception>
    public CertificateSigner(ECDsa privateKey, X509Certificate2 leaf, IReadOnlyList<X509Certificate2> intermediates)
    {
        using var leafKey = leaf.GetECDsaPublicKey()
            ?? throw new KeyFormatException($"the signing certificate '{leaf.Subject}' does not hold an ECDSA key");
        if (!leafKey.ExportSubjectPublicKeyInfo().AsSpan().SequenceEqual(privateKey.ExportSubjectPublicKeyInfo()))
        {
            throw new KeyFormatException($"the signing certificate '{leaf.Subject}' is not for the given private key");
        }
        this.privateKey = privateKey;
        var chain = new List<byte[]>(intermediates.Count + 1) { leaf.RawData };
        foreach (var certificate in intermediates)
        {
            chain.Add(certificate.RawData);
        }
        Material = new CertificateChainMaterial(chain);
    }

    public VerificationMaterial Material { get; }

    public byte[] Sign(ReadOnlySpan<byte> pae) => EcdsaSignatures.Sign(privateKey, pae);
}
