using System.Text;
using System.Text.Json.Nodes;
using Bulwark.Integrity.Attestations;
using Bulwark.Integrity.Dsse;
using Bulwark.Integrity.Provenance;
using Bulwark.Integrity.Signing;
using Bulwark.Integrity.Sigstore;
using CsCheck;
using static Bulwark.Integrity.Tests.Provenance.ProvenanceRoundTripTests;

namespace Bulwark.Integrity.Tests.Provenance;

public sealed class ProvenanceTamperingTests : IDisposable
{
    private readonly ProvenanceFixture f = new();
    private readonly byte[] bundle;

    public ProvenanceTamperingTests() => bundle = f.Attest();

    public void Dispose() => f.Dispose();

    [Fact]
    public void Another_public_key_fails_the_signature_check()
    {
        var other = KeyGenerator.Generate(EcCurve.P256);
        var result = Verify(bundle, new EcdsaKeyVerifier(PemKeys.LoadPublicKey(other.PublicKeyPem)), [f.Wheel]);
        result.Failure.ShouldBe(ProvenanceFailure.Signature);
        result.Reason!.ShouldContain("hint");
    }

    [Fact]
    public void Tampered_artifact_is_not_a_subject()
    {
        File.AppendAllText(f.Wheel, "!");
        var result = Verify(bundle, f.Verifier, [f.Onnx, f.Wheel]);
        result.Failure.ShouldBe(ProvenanceFailure.Artifact);
        result.Reason!.ShouldContain("model-1.0.whl");
        result.Reason!.ShouldContain("is not a subject");
    }

    [Fact]
    public void Artifact_never_attested_fails_and_missing_one_is_reported()
    {
        var stranger = f.Write("dist/other.bin", "other");
        Verify(bundle, f.Verifier, [f.Wheel, stranger]).Reason!.ShouldContain("other.bin");
        Verify(bundle, f.Verifier, [f.Root + "/nope.bin"]).Reason!.ShouldContain("cannot read");
        Verify(bundle, f.Verifier, []).Failure.ShouldBe(ProvenanceFailure.Artifact);
    }

    [Fact]
    public void Renamed_artifact_with_attested_content_verifies_under_its_subject_name()
    {
        var copy = f.Write("elsewhere/renamed.whl", "wheel bytes");
        Verify(bundle, f.Verifier, [copy]).MatchedSubjects.ShouldBe(["dist/model-1.0.whl"]);
    }

    [Fact]
    public void Wrong_builder_or_source_is_named_in_the_reason()
    {
        var builder = Verify(bundle, f.Verifier, [f.Wheel], new("https://evil.example/builder"));
        builder.Failure.ShouldBe(ProvenanceFailure.Builder);
        builder.Reason!.ShouldContain(ProvenanceFixture.Builder);
        var source = Verify(bundle, f.Verifier, [f.Wheel], new(SourceUri: "git+https://example.com/fork/repo"));
        source.Failure.ShouldBe(ProvenanceFailure.Source);
        source.Reason!.ShouldContain("fork/repo");
    }

    [Fact]
    public void Edited_payload_fails_the_signature_check()
    {
        var root = JsonNode.Parse(bundle)!;
        var payload = Encoding.UTF8.GetString(Convert.FromBase64String((string)root["dsseEnvelope"]!["payload"]!));
        root["dsseEnvelope"]!["payload"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(payload.Replace("linux@v1", "linux@v2", StringComparison.Ordinal)));
        Verify(Encoding.UTF8.GetBytes(root.ToJsonString()), f.Verifier, [f.Wheel]).Failure.ShouldBe(ProvenanceFailure.Signature);
    }

    [Theory]
    [InlineData("https://in-toto.io/Statement/v0.1", "https://slsa.dev/provenance/v1", "_type")]
    [InlineData("https://in-toto.io/Statement/v1", "https://slsa.dev/provenance/v0.2", "predicateType")]
    public void Validly_signed_statement_of_another_type_is_refused(string type, string predicateType, string reason)
    {
        var payload = Encoding.UTF8.GetBytes($$$"""{"_type":"{{{type}}}","subject":[{"name":"a","digest":{"sha256":"{{{new string('0', 64)}}}"}}],"predicateType":"{{{predicateType}}}","predicate":{}}""");
        var result = Verify(SignRaw(payload), f.Verifier, [f.Wheel]);
        result.Failure.ShouldBe(ProvenanceFailure.Statement);
        result.Reason!.ShouldContain(reason);
    }

    [Fact]
    public void Duplicate_keys_in_the_signed_statement_are_refused()
    {
        var payload = Encoding.UTF8.GetBytes("""{"_type":"https://in-toto.io/Statement/v1","_type":"x"}""");
        Verify(SignRaw(payload), f.Verifier, [f.Wheel]).Failure.ShouldBe(ProvenanceFailure.Statement);
    }

    [Fact]
    public void Flipping_any_byte_of_the_bundle_never_verifies()
    {
        for (var i = 0; i < bundle.Length; i += 3)
        {
            var changed = (byte[])bundle.Clone();
            changed[i] ^= 0x20;
            Verify(changed, f.Verifier, [f.Wheel]).Valid.ShouldBeFalse($"byte {i}");
        }
    }

    [Fact]
    public void Random_mutated_and_deep_json_never_throws()
    {
        Gen.Byte.Array[0, 600].Sample(bytes => ProvenanceReader.Read(bytes).Statement is null, iter: 300);
        var payload = Convert.FromBase64String((string)JsonNode.Parse(bundle)!["dsseEnvelope"]!["payload"]!);
        Gen.Int[0, payload.Length - 1].Array[1, 8].Select(Gen.Byte).Sample((positions, value) =>
        {
            var changed = (byte[])payload.Clone();
            foreach (var position in positions)
            {
                changed[position] = value;
            }
            ProvenanceReader.Read(changed);
            Verify(SignRaw(changed), f.Verifier, [f.Wheel]);
        }, iter: 300);
        ProvenanceReader.Read(Encoding.UTF8.GetBytes(new string('[', 100_000))).Error.ShouldNotBeNull();
        Verify(Encoding.UTF8.GetBytes(new string('{', 100_000)), f.Verifier, [f.Wheel]).Failure.ShouldBe(ProvenanceFailure.Bundle);
    }

    [Fact]
    public void A_gate_attestation_subject_without_a_sha256_digest_is_refused()
    {
        var wheel = Convert.ToHexStringLower(ArtifactHasher.Sha256(f.Wheel, CancellationToken.None));
        string Statement(string digest) =>
            $$$"""{"_type":"{{{StatementAttester.StatementType}}}","predicateType":"https://example.test/v1","subject":[{"name":"model-1.0.whl","digest":{{{digest}}}}],"predicate":{}}""";

        var (unhashed, _) = StatementVerifier.Verify(SignRaw(Encoding.UTF8.GetBytes(Statement("{\"sha512\":\"ab\"}"))), [f.Wheel], f.Verifier,
            "https://example.test/v1", CancellationToken.None);
        var (hashed, predicate) = StatementVerifier.Verify(SignRaw(Encoding.UTF8.GetBytes(Statement($"{{\"sha256\":\"{wheel}\"}}"))), [f.Wheel], f.Verifier,
            "https://example.test/v1", CancellationToken.None);

        unhashed.Failure.ShouldBe(ProvenanceFailure.Statement);
        unhashed.Reason.ShouldBe("statement.subject[] 'model-1.0.whl' has no sha256 digest");
        hashed.Valid.ShouldBeTrue(hashed.Reason);
        predicate.ShouldBe("{}");
    }

    /// <summary>A correctly signed bundle around any payload, so statement parsing is reached past the signature check.</summary>
    private byte[] SignRaw(byte[] payload)
    {
        var signer = new EcdsaKeySigner(f.PrivateKey);
        var envelope = new DsseEnvelope(DsseEnvelope.InTotoPayloadType, payload,
            [new DsseSignature(signer.Sign(Pae.Encode(DsseEnvelope.InTotoPayloadType, payload)), null)]);
        return BundleWriter.Write(new SigstoreBundle(SigstoreBundle.MediaTypeV03, signer.Material, envelope));
    }
}
