using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Bulwark.Server.Configuration;

/// <summary>
/// The HTTPS certificate: the PEM pair given by --tls-cert/--tls-key, else a self-signed ECDSA P-256
/// certificate for localhost/127.0.0.1 generated once into the data directory (<c>tls/</c>, key mode 0600).
/// </summary>
internal static class TlsCertificate
{
    public static X509Certificate2 Load(ServerOptions options, TimeProvider time)
    {
        if (options.TlsCertificatePath is { } certificate && options.TlsKeyPath is { } key)
        {
            try
            {
                return X509Certificate2.CreateFromPemFile(certificate, key);
            }
            catch (CryptographicException ex)
            {
                throw new ServerOptionsException($"tls-cert/tls-key: cannot load {certificate} with {key}: {ex.Message}");
            }
        }
        var folder = Path.Combine(options.DataDirectory, "tls");
        var certPath = Path.Combine(folder, "server.crt");
        var keyPath = Path.Combine(folder, "server.key");
        if (!File.Exists(certPath) || !File.Exists(keyPath))
        {
            GenerateSelfSigned(folder, certPath, keyPath, time);
        }
        return X509Certificate2.CreateFromPemFile(certPath, keyPath);
    }

    /// <summary>SHA-256 fingerprint in the colon-separated form browsers show.</summary>
    public static string Fingerprint(X509Certificate2 certificate) =>
        BitConverter.ToString(certificate.GetCertHash(HashAlgorithmName.SHA256)).Replace('-', ':');

    private static void GenerateSelfSigned(string folder, string certPath, string keyPath, TimeProvider time)
    {
        Core.Configuration.DataDirectory.Ensure(folder);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=bulwark (self-signed)", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(System.Net.IPAddress.Loopback);
        names.AddIpAddress(System.Net.IPAddress.IPv6Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        var now = time.GetUtcNow();
        using var certificate = request.CreateSelfSigned(now.AddMinutes(-5), now.AddYears(1));
        var keyOptions = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            keyOptions.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        using (var writer = new StreamWriter(new FileStream(keyPath, keyOptions)))
        {
            writer.Write(key.ExportPkcs8PrivateKeyPem());
        }
        File.WriteAllText(certPath, certificate.ExportCertificatePem());
    }
}
