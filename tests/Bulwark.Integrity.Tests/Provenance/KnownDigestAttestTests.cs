using System.Security.Cryptography;
using Bulwark.Integrity.Provenance;
using Bulwark.Integrity.Signing;

namespace Bulwark.Integrity.Tests.Provenance;

/// <summary>Attesting subjects whose digests are already known (the server's stored artifacts), without reading files.</summary>
public sealed class KnownDigestAttestTests : IDisposable
{
    private readonly ProvenanceFixture f = new();

    public void Dispose() => f.Dispose();

    private static ProvenanceSource Source => new(ProvenanceFixture.SourceUri, new Dictionary<string, string> { ["gitCommit"] = ProvenanceFixture.Commit });

    [Fact]
    public void A_statement_with_known_digests_verifies_against_files_with_that_content()
    {
        var statement = new ProvenanceStatement(
            [new ProvenanceSubject("build/model.onnx", SHA256.HashData(File.ReadAllBytes(f.Onnx))), new ProvenanceSubject("build/wheel", SHA256.HashData("wheel bytes"u8))],
            ProvenanceStatement.DefaultBuildType, Source, ProvenanceFixture.Builder, "run-7", f.Clock.GetUtcNow(), f.Clock.GetUtcNow());

        var bundle = ProvenanceAttester.Attest(statement, new EcdsaKeySigner(f.PrivateKey));

        var result = ProvenanceVerifier.Verify(bundle, [f.Wheel, f.Onnx], f.Verifier, new(ProvenanceFixture.Builder, ProvenanceFixture.SourceUri), CancellationToken.None);
        result.Reason.ShouldBeNull();
        result.MatchedSubjects.ShouldBe(["build/wheel", "build/model.onnx"]);
        result.Statement!.InvocationId.ShouldBe("run-7");
    }

    [Fact]
    public void Subjects_without_a_sha256_no_subjects_or_no_source_digest_are_refused()
    {
        var signer = new EcdsaKeySigner(f.PrivateKey);
        ProvenanceStatement Statement(IReadOnlyList<ProvenanceSubject> subjects, ProvenanceSource? source) =>
            new(subjects, ProvenanceStatement.DefaultBuildType, source, ProvenanceFixture.Builder, null, null, null);

        Should.Throw<ArgumentException>(() => ProvenanceAttester.Attest(Statement([new ProvenanceSubject("a", null)], Source), signer));
        Should.Throw<ArgumentException>(() => ProvenanceAttester.Attest(Statement([new ProvenanceSubject("a", new byte[31])], Source), signer));
        Should.Throw<ArgumentException>(() => ProvenanceAttester.Attest(Statement([], Source), signer));
        Should.Throw<ArgumentException>(() => ProvenanceAttester.Attest(
            Statement([new ProvenanceSubject("a", new byte[32])], new ProvenanceSource(ProvenanceFixture.SourceUri, new Dictionary<string, string>())), signer));
    }
}
