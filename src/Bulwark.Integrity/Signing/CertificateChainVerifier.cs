using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Bulwark.Integrity.Signing;

/// <summary>
/// Verifies a bundle signed with a certificate: the chain in the bundle must lead to one of the trusted roots, the
/// leaf must allow digitalSignature and codeSigning, and its ECDSA key must verify the signature. Like the reference,
/// the chain is checked at the leaf's notBefore (there is no trusted timestamp) and revocation is not checked.
/// </summary>
internal sealed class CertificateChainVerifier(TrustedRoots roots) : IVerifier
{
    private const int MaxChainLength = 10;
    private const string CodeSigningOid = "1.3.6.1.5.5.7.3.3";

    public string? Verify(VerificationMaterial material, ReadOnlySpan<byte> pae, ReadOnlySpan<byte> signature)
    {
        if (material is not CertificateChainMaterial chainMaterial)
        {
            return material is PublicKeyMaterial
                ? "the bundle is signed with a public key, but certificates were given to verify it"
                : "the bundle holds a Sigstore keyless certificate, which needs Sigstore's trusted root (not supported)";
        }
        if (chainMaterial.Certificates.Count is 0 or > MaxChainLength)
        {
            return $"the bundle's certificate chain must hold 1 to {MaxChainLength} certificates";
        }
        var certificates = new List<X509Certificate2>();
        try
        {
            foreach (var raw in chainMaterial.Certificates)
            {
                certificates.Add(X509CertificateLoader.LoadCertificate(raw));
            }
            var leaf = certificates[0];
            return CheckChain(leaf, certificates) ?? CheckUsage(leaf) ?? CheckSignature(leaf, pae, signature);
        }
        catch (CryptographicException ex)
        {
            return "the bundle holds a garbled certificate: " + ex.Message;
        }
        finally
        {
            foreach (var certificate in certificates)
            {
                certificate.Dispose();
            }
        }
    }

    private string? CheckChain(X509Certificate2 leaf, List<X509Certificate2> certificates)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(roots.Anchors);
        chain.ChainPolicy.ExtraStore.AddRange(roots.Intermediates);
        for (var i = 1; i < certificates.Count; i++)
        {
            chain.ChainPolicy.ExtraStore.Add(certificates[i]);
        }
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.DisableCertificateDownloads = true;
        chain.ChainPolicy.VerificationTime = leaf.NotBefore;
        chain.ChainPolicy.VerificationTimeIgnored = false;
        if (chain.Build(leaf))
        {
            return null;
        }
        var problems = new List<string>();
        foreach (var status in chain.ChainStatus)
        {
            problems.Add(status.Status + (string.IsNullOrWhiteSpace(status.StatusInformation) ? "" : " (" + status.StatusInformation.Trim() + ")"));
        }
        return $"the signing certificate '{leaf.Subject}' does not chain to a trusted root: " + string.Join("; ", problems);
    }

    private static string? CheckUsage(X509Certificate2 leaf)
    {
        var keyUsage = leaf.Extensions.OfType<X509KeyUsageExtension>().FirstOrDefault();
        if (keyUsage is null || (keyUsage.KeyUsages & X509KeyUsageFlags.DigitalSignature) == 0)
        {
            return $"the signing certificate '{leaf.Subject}' does not allow digitalSignature key usage";
        }
        var extended = leaf.Extensions.OfType<X509EnhancedKeyUsageExtension>().FirstOrDefault();
        if (extended is null || !extended.EnhancedKeyUsages.Cast<Oid>().Any(oid => oid.Value == CodeSigningOid))
        {
            return $"the signing certificate '{leaf.Subject}' does not allow the codeSigning extended key usage";
        }
        return null;
    }

    private static string? CheckSignature(X509Certificate2 leaf, ReadOnlySpan<byte> pae, ReadOnlySpan<byte> signature)
    {
        using var key = leaf.GetECDsaPublicKey();
        if (key is null)
        {
            return $"the signing certificate '{leaf.Subject}' does not hold an ECDSA key";
        }
        return EcdsaSignatures.Verify(key, pae, signature) ? null : $"the signature does not match the signing certificate '{leaf.Subject}'";
    }
}
