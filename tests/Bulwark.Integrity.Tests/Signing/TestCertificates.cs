using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Bulwark.Integrity.Tests.Signing;

/// <summary>A root → intermediate → leaf chain built in memory; the leaf key signs models.</summary>
internal sealed record TestChain(X509Certificate2 Root, X509Certificate2 Intermediate, X509Certificate2 Leaf, ECDsa LeafKey)
{
    public static readonly DateTimeOffset Start = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static TestChain Create(
        string codeSigningOid = "1.3.6.1.5.5.7.3.3",
        X509KeyUsageFlags leafUsage = X509KeyUsageFlags.DigitalSignature,
        DateTimeOffset? leafNotBefore = null,
        ECCurve? leafCurve = null)
    {
        using var rootKey = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        var rootRequest = new CertificateRequest("CN=test-root", rootKey, HashAlgorithmName.SHA384);
        AddCa(rootRequest);
        var root = rootRequest.CreateSelfSigned(Start, Start.AddYears(10));

        using var intermediateKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var intermediateRequest = new CertificateRequest("CN=test-intermediate", intermediateKey, HashAlgorithmName.SHA256);
        AddCa(intermediateRequest);
        using var intermediatePublic = intermediateRequest.Create(root, Start, Start.AddYears(5), [1]);
        var intermediate = intermediatePublic.CopyWithPrivateKey(intermediateKey);

        var leafKey = ECDsa.Create(leafCurve ?? ECCurve.NamedCurves.nistP256);
        var leafRequest = new CertificateRequest("CN=test-signer", leafKey, HashAlgorithmName.SHA256);
        leafRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        leafRequest.CertificateExtensions.Add(new X509KeyUsageExtension(leafUsage, true));
        leafRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(codeSigningOid)], false));
        var notBefore = leafNotBefore ?? Start.AddDays(1);
        // The generator overload lets a test issue a leaf outside its issuer's validity, which Create(issuer, …) refuses.
        using var issuerKey = intermediate.GetECDsaPrivateKey()!;
        var leaf = leafRequest.Create(intermediate.SubjectName, X509SignatureGenerator.CreateForECDsa(issuerKey), notBefore, notBefore.AddYears(1), [2]);
        return new TestChain(root, intermediate, leaf, leafKey);
    }

    public string RootPem => Root.ExportCertificatePem();

    private static void AddCa(CertificateRequest request)
    {
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
    }
}
