using Bulwark.Integrity.Provenance;
using Bulwark.Integrity.Signing;
using Bulwark.Tests.Shared;
using Microsoft.Extensions.Time.Testing;

namespace Bulwark.Integrity.Tests.Provenance;

/// <summary>Two artifacts in a temp folder, a P-256 key pair, and a fixed clock.</summary>
public sealed class ProvenanceFixture : IDisposable
{
    public const string Builder = "https://ci.example.com/runners/linux@v1";
    public const string SourceUri = "git+https://example.com/org/repo@refs/heads/main";
    public const string Commit = "0123456789abcdef0123456789abcdef01234567";

    private readonly TempDirectory temp = new("bulwark-slsa-");

    public ProvenanceFixture()
    {
        Wheel = temp.Write("dist/model-1.0.whl", "wheel bytes");
        Onnx = temp.Write("dist/model.onnx", new string('w', 3_000_000));
        var pair = KeyGenerator.Generate(EcCurve.P256);
        PrivateKey = PemKeys.LoadPrivateKey(pair.PrivateKeyPem);
        Verifier = new EcdsaKeyVerifier(PemKeys.LoadPublicKey(pair.PublicKeyPem));
    }

    public string Wheel { get; }

    public string Onnx { get; }

    internal System.Security.Cryptography.ECDsa PrivateKey { get; }

    internal EcdsaKeyVerifier Verifier { get; }

    internal FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 3, 4, 5, 6, 7, TimeSpan.Zero));

    public string Root => temp.Path;

    public string Write(string relative, string content) => temp.Write(relative, content);

    internal ProvenanceRequest Request(params string[] artifacts) =>
        new(artifacts.Length == 0 ? [Wheel, Onnx] : artifacts, Builder,
            new ProvenanceSource(SourceUri, new Dictionary<string, string> { ["gitCommit"] = Commit }))
        {
            InvocationId = "run-42",
            BaseDirectory = temp.Path,
        };

    internal byte[] Attest(ISigner? signer = null) =>
        ProvenanceAttester.Attest(Request(), signer ?? new EcdsaKeySigner(PrivateKey), Clock, CancellationToken.None);

    public void Dispose()
    {
        PrivateKey.Dispose();
        temp.Dispose();
    }
}
