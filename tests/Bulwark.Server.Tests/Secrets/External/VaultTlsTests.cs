using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Bulwark.Server.Secrets.External;
using Bulwark.Tests.Shared;
using static Bulwark.Server.Tests.Secrets.External.FakeVault;
using static Bulwark.Server.Tests.Secrets.External.VaultTestKit;

namespace Bulwark.Server.Tests.Secrets.External;

/// <summary>HTTPS to a Vault whose certificate comes from a private CA given by vault.ca-cert.</summary>
public sealed class VaultTlsTests : IAsyncLifetime, IDisposable
{
    private readonly TempDirectory _folder = new("bulwark-vault-tls-");
    private readonly DateTimeOffset _now = TimeProvider.System.GetUtcNow();
    private X509Certificate2 _ca = null!;
    private X509Certificate2 _leaf = null!;
    private FakeVault _vault = null!;

    public async Task InitializeAsync()
    {
        _ca = CreateCa("CN=vault-test-ca");
        _leaf = CreateLeaf(_ca);
        _vault = await StartAsync(_leaf);
        _vault.On("GET", ReadPath, Reply.Json(200, "kv2-read-latest.json"));
    }

    public async Task DisposeAsync() => await _vault.DisposeAsync();

    public void Dispose()
    {
        _leaf.Dispose();
        _ca.Dispose();
        _folder.Dispose();
    }

    [Fact]
    public async Task Reads_over_https_when_the_private_ca_is_configured()
    {
        _vault.Address.Scheme.ShouldBe("https");
        using var provider = Provider(TokenOptions(_vault) with { CaCertificateFile = _folder.Write("ca.pem", _ca.ExportCertificatePem()) });

        (await provider.ResolveAsync(Reference(), CancellationToken.None)).ShouldBe(LatestValue);
    }

    [Fact]
    public async Task Refuses_the_certificate_without_the_ca()
    {
        using var provider = Provider(TokenOptions(_vault));

        var ex = await FailsAsync(provider, Reference(), SecretProviderFailure.Unreachable);

        ex.Message.ShouldContain("SecureConnectionError");
        _vault.Requests.ShouldBeEmpty();
    }

    [Fact]
    public async Task Refuses_a_certificate_from_another_ca()
    {
        using var other = CreateCa("CN=other-ca");
        using var provider = Provider(TokenOptions(_vault) with { CaCertificateFile = _folder.Write("other.pem", other.ExportCertificatePem()) });

        await FailsAsync(provider, Reference(), SecretProviderFailure.Unreachable);
        _vault.Requests.ShouldBeEmpty();
    }

    private X509Certificate2 CreateCa(string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(name, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign, true));
        return request.CreateSelfSigned(_now.AddMinutes(-5), _now.AddDays(1));
    }

    private X509Certificate2 CreateLeaf(X509Certificate2 ca)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=vault.test", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var signed = request.Create(ca, _now.AddMinutes(-5), _now.AddDays(1), [1, 2, 3, 4]);
        using var withKey = signed.CopyWithPrivateKey(key);
        // Kestrel on Linux needs an exportable key: round-trip through PKCS#12.
        return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
    }
}
