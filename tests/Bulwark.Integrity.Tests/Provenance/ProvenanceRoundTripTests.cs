using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Bulwark.Integrity.Provenance;
using Bulwark.Integrity.Signing;
using Bulwark.Integrity.Tests.Signing;

namespace Bulwark.Integrity.Tests.Provenance;

public sealed class ProvenanceRoundTripTests : IDisposable
{
    private readonly ProvenanceFixture f = new();

    public void Dispose() => f.Dispose();

    [Fact]
    public void Key_signed_provenance_verifies_and_names_every_subject()
    {
        var result = Verify(f.Attest(), f.Verifier, [f.Onnx, f.Wheel], new(ProvenanceFixture.Builder, ProvenanceFixture.SourceUri));
        result.Reason.ShouldBeNull();
        result.Valid.ShouldBeTrue();
        result.MatchedSubjects.ShouldBe(["dist/model.onnx", "dist/model-1.0.whl"]);
        result.Statement!.InvocationId.ShouldBe("run-42");
        result.Statement.StartedOn.ShouldBe(f.Clock.GetUtcNow());
    }

    [Fact]
    public void Certificate_chain_signed_provenance_verifies_against_the_root()
    {
        var chain = TestChain.Create();
        var bundle = f.Attest(new CertificateSigner(chain.LeafKey, chain.Leaf, [chain.Intermediate]));
        var verifier = new CertificateChainVerifier(TrustedRoots.FromPem(chain.RootPem));
        Verify(bundle, verifier, [f.Wheel]).Valid.ShouldBeTrue();

        var other = TestChain.Create();
        var result = Verify(bundle, new CertificateChainVerifier(TrustedRoots.FromPem(other.RootPem)), [f.Wheel]);
        result.Failure.ShouldBe(ProvenanceFailure.Signature);
        result.Reason!.ShouldContain("trusted root");
    }

    [Fact]
    public void Statement_uses_the_in_toto_v1_and_slsa_v1_field_names()
    {
        var payload = JsonNode.Parse(Convert.FromBase64String((string)JsonNode.Parse(f.Attest())!["dsseEnvelope"]!["payload"]!))!;
        ((string)payload["_type"]!).ShouldBe("https://in-toto.io/Statement/v1");
        ((string)payload["predicateType"]!).ShouldBe("https://slsa.dev/provenance/v1");
        ((string)payload["subject"]![0]!["name"]!).ShouldBe("dist/model-1.0.whl");
        ((string)payload["subject"]![0]!["digest"]!["sha256"]!).ShouldBe(Convert.ToHexStringLower(SHA256.HashData("wheel bytes"u8)));
        var definition = payload["predicate"]!["buildDefinition"]!;
        ((string)definition["buildType"]!).ShouldBe(ProvenanceStatement.DefaultBuildType);
        ((string)definition["externalParameters"]!["source"]!["uri"]!).ShouldBe(ProvenanceFixture.SourceUri);
        ((string)definition["resolvedDependencies"]![0]!["digest"]!["gitCommit"]!).ShouldBe(ProvenanceFixture.Commit);
        var run = payload["predicate"]!["runDetails"]!;
        ((string)run["builder"]!["id"]!).ShouldBe(ProvenanceFixture.Builder);
        ((string)run["metadata"]!["invocationId"]!).ShouldBe("run-42");
        ((string)run["metadata"]!["startedOn"]!).ShouldBe("2026-03-04T05:06:07Z");
        ((string)run["metadata"]!["finishedOn"]!).ShouldBe("2026-03-04T05:06:07Z");
    }

    [Fact]
    public void Artifacts_outside_the_base_folder_are_named_by_file_name()
    {
        ArtifactHasher.SubjectName("/elsewhere/out/app.tar", f.Root).ShouldBe("app.tar");
        ArtifactHasher.SubjectName(Path.Combine(f.Root, "a", "b.bin"), f.Root).ShouldBe("a/b.bin");
    }

    [Theory]
    [InlineData("gitCommit:0123456789ABCDEF0123456789abcdef01234567", "gitCommit", "0123456789abcdef0123456789abcdef01234567")]
    [InlineData("sha1:00ff", "sha1", "00ff")]
    public void Source_digests_parse_as_algorithm_and_lower_hex(string text, string algorithm, string hex)
    {
        var (digest, error) = SourceDigest.Parse(text);
        error.ShouldBeNull();
        digest!.Value.Key.ShouldBe(algorithm);
        digest.Value.Value.ShouldBe(hex);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData(":00")]
    [InlineData("sha1:")]
    [InlineData("sha1:0g")]
    [InlineData("sha1:000")]
    [InlineData("sha 1:00")]
    public void Malformed_source_digests_are_refused(string text) => SourceDigest.Parse(text).Error.ShouldNotBeNull();

    [Fact]
    public void Bad_requests_are_refused_before_hashing()
    {
        Should.Throw<ArgumentException>(() => ProvenanceAttester.Attest(f.Request() with { BuilderId = "not a uri" },
            new EcdsaKeySigner(f.PrivateKey), f.Clock, CancellationToken.None)).Message.ShouldContain("builder id");
        Should.Throw<ArgumentException>(() => ProvenanceAttester.Attest(f.Request() with { Artifacts = [] },
            new EcdsaKeySigner(f.PrivateKey), f.Clock, CancellationToken.None));
    }

    internal static ProvenanceVerificationResult Verify(byte[] bundle, IVerifier verifier, string[] artifacts, ProvenanceExpectations? expected = null) =>
        ProvenanceVerifier.Verify(bundle, artifacts, verifier, expected ?? new ProvenanceExpectations(), CancellationToken.None);
}
