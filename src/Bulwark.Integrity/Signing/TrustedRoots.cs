using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Bulwark.Integrity.Signing;

/// <summary>Certificates read from a PEM file of CAs: self-signed ones are trust anchors, the others intermediates.</summary>
internal sealed record TrustedRoots(X509Certificate2Collection Anchors, X509Certificate2Collection Intermediates)
{
    private const int MaxCertificates = 100;

    /// <exception cref="KeyFormatException">No certificate in the text, or a garbled one.</exception>
    public static TrustedRoots FromPem(string pemText)
    {
        var all = new X509Certificate2Collection();
        try
        {
            all.ImportFromPem(pemText);
        }
        catch (CryptographicException ex)
        {
            throw new KeyFormatException("the CA file holds a garbled certificate", ex);
        }
        if (all.Count == 0)
        {
            throw new KeyFormatException("the CA file holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
        }
        if (all.Count > MaxCertificates)
        {
            throw new KeyFormatException($"the CA file holds more than {MaxCertificates} certificates");
        }
        var anchors = new X509Certificate2Collection();
        var intermediates = new X509Certificate2Collection();
        foreach (var certificate in all)
        {
            (certificate.SubjectName.RawData.AsSpan().SequenceEqual(certificate.IssuerName.RawData) ? anchors : intermediates).Add(certificate);
        }
        if (anchors.Count == 0)
        {
            throw new KeyFormatException("the CA file holds no self-signed root certificate");
        }
        return new TrustedRoots(anchors, intermediates);
    }
}
