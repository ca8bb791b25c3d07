using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Bulwark.Tests.Shared;

namespace Bulwark.Cli.Tests.Commands;

/// <summary>attest provenance and verify-attestation end to end in process, with the contract spellings and exit codes.</summary>
public sealed class AttestationCommandTests : IDisposable
{
    private const string Builder = "https://ci.example.com/builders/linux@v1";
    private const string Source = "git+https://example.com/org/repo@refs/heads/main";

    private readonly TempDirectory _temp = new("bulwark-attest-cli-");

    public void Dispose() => _temp.Dispose();

    private async Task<(string Key, string Pub, string Wheel, string Onnx, string Bundle)> Attested()
    {
        var key = _temp.Combine("key.pem");
        var pub = _temp.Combine("key.pub");
        (await CliRun.InProcess("keygen", "--private-key", key, "--public-key", pub)).ExitCode.ShouldBe(0);
        var wheel = _temp.Write("dist/app-1.0.whl", "wheel");
        var onnx = _temp.Write("dist/model.onnx", "onnx");
        var bundle = _temp.Combine("provenance.sigstore.json");
        var (code, stdout, stderr) = await CliRun.InProcess("attest", "provenance", wheel, onnx, "--builder-id", Builder, "--source-uri", Source,
            "--source-digest", "gitCommit:" + new string('a', 40), "--key", key, "--invocation-id", "run-7", "--output", bundle);
        code.ShouldBe(0, stdout + stderr);
        stdout.ShouldContain("Attested 2 artifact(s)");
        return (key, pub, wheel, onnx, bundle);
    }

    [Fact]
    public async Task Attest_then_verify_passes_with_expected_builder_and_source()
    {
        var (_, pub, wheel, onnx, bundle) = await Attested();
        var (code, stdout, stderr) = await CliRun.InProcess("verify-attestation", onnx, wheel, "--attestation", bundle, "--key", pub,
            "--builder-id", Builder, "--source-uri", Source);
        code.ShouldBe(0, stdout + stderr);
        stdout.ShouldContain("subject model.onnx");
    }

    [Fact]
    public async Task Verification_fails_with_exit_1_and_a_reason()
    {
        var (_, pub, wheel, _, bundle) = await Attested();
        var (code, _, stderr) = await CliRun.InProcess("verify-attestation", wheel, "--attestation", bundle, "--key", pub, "--builder-id", "https://evil.example/b");
        code.ShouldBe(1);
        stderr.ShouldContain("(builder)");

        (code, _, stderr) = await CliRun.InProcess("verify-attestation", wheel, "--attestation", bundle, "--key", pub, "--source-uri", "git+https://example.com/fork");
        code.ShouldBe(1);
        stderr.ShouldContain("(source)");

        File.AppendAllText(wheel, "!");
        (code, _, stderr) = await CliRun.InProcess("verify-attestation", wheel, "--attestation", bundle, "--key", pub);
        code.ShouldBe(1);
        stderr.ShouldContain("is not a subject");

        var other = _temp.Combine("other.pub");
        (await CliRun.InProcess("keygen", "--private-key", _temp.Combine("other.pem"), "--public-key", other)).ExitCode.ShouldBe(0);
        (code, _, stderr) = await CliRun.InProcess("verify-attestation", wheel, "--attestation", bundle, "--key", other);
        code.ShouldBe(1);
        stderr.ShouldContain("(signature)");
    }

    [Fact]
    public async Task Bad_input_exits_2_and_writes_nothing()
    {
        var (key, pub, wheel, _, bundle) = await Attested();
        var output = _temp.Combine("never.json");
        (await CliRun.InProcess("attest", "provenance", wheel, "--builder-id", Builder, "--source-uri", Source, "--source-digest", "nothex",
            "--key", key, "--output", output)).ExitCode.ShouldBe(2);
        (await CliRun.InProcess("attest", "provenance", _temp.Combine("missing.bin"), "--builder-id", Builder, "--source-uri", Source,
            "--source-digest", "sha1:00", "--key", key, "--output", output)).ExitCode.ShouldBe(2);
        File.Exists(output).ShouldBeFalse();
        (await CliRun.InProcess("verify-attestation", wheel, "--attestation", bundle)).ExitCode.ShouldBe(2);
        (await CliRun.InProcess("verify-attestation", _temp.Combine("missing.bin"), "--attestation", bundle, "--key", pub)).ExitCode.ShouldBe(2);
    }

    [Fact]
    public async Task Certificate_signed_provenance_verifies_against_the_root()
    {
        var start = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
        using var rootKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var rootRequest = new CertificateRequest("CN=attest-root", rootKey, HashAlgorithmName.SHA256);
        rootRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        rootRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign, true));
        using var root = rootRequest.CreateSelfSigned(start, start.AddYears(5));
        using var leafKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var leafRequest = new CertificateRequest("CN=attest-signer", leafKey, HashAlgorithmName.SHA256);
        leafRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        leafRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.3")], false));
        using var leaf = leafRequest.Create(root, start.AddDays(1), start.AddYears(1), [7]);
        var key = _temp.Write("leaf.pem", leafKey.ExportPkcs8PrivateKeyPem());
        var cert = _temp.Write("leaf.crt", leaf.ExportCertificatePem());
        var roots = _temp.Write("roots.pem", root.ExportCertificatePem());
        var artifact = _temp.Write("out/app.tar", "tar");
        var bundle = _temp.Combine("p.json");

        (await CliRun.InProcess("attest", "provenance", artifact, "--builder-id", Builder, "--source-uri", Source, "--source-digest", "sha1:0a0b",
            "--key", key, "--cert", cert, "--output", bundle)).ExitCode.ShouldBe(0);
        var (code, stdout, stderr) = await CliRun.InProcess("verify-attestation", artifact, "--attestation", bundle, "--cert-chain", roots);
        code.ShouldBe(0, stdout + stderr);
    }
}
