using System.Text;
using System.Text.Json.Nodes;
using Bulwark.Integrity.Hashing;
using Bulwark.Integrity.ModelSigning;
using Bulwark.Integrity.Signing;
using Bulwark.Integrity.Tests.ModelSigning;
using Bulwark.Tests.Shared;
using CsCheck;

namespace Bulwark.Integrity.Tests.Sigstore;

public sealed class BundleTamperingTests : IDisposable
{
    private readonly TempDirectory temp = new("bulwark-tamper");
    private readonly string model;
    private readonly byte[] bundle;
    private readonly EcdsaKeyVerifier verifier;

    public BundleTamperingTests()
    {
        temp.Write("m/a.txt", "alpha");
        temp.Write("m/b.txt", "bravo");
        model = temp.Combine("m");
        var pair = KeyGenerator.Generate(EcCurve.P256);
        verifier = new EcdsaKeyVerifier(PemKeys.LoadPublicKey(pair.PublicKeyPem));
        bundle = ModelSigner.Sign(model, temp.Combine("m.sig"), new EcdsaKeySigner(PemKeys.LoadPrivateKey(pair.PrivateKeyPem)),
            new NaiveModelHasher(), new HashingOptions(), CancellationToken.None);
    }

    public void Dispose() => temp.Dispose();

    [Fact]
    public void Untouched_bundle_verifies() => Verify(bundle).Valid.ShouldBeTrue();

    [Theory]
    [InlineData("mediaType", "application/vnd.dev.sigstore.bundle.v0.2+json", "Bundle", "mediaType")]
    [InlineData("payloadType", "application/json", "Bundle", "payloadType")]
    [InlineData("hint", "00", "Signature", "hint")]
    public void Edited_fields_are_rejected(string field, string value, string failure, string reason)
    {
        var root = JsonNode.Parse(bundle)!;
        var target = field == "mediaType" ? root : field == "hint" ? root["verificationMaterial"]!["publicKey"]! : root["dsseEnvelope"]!;
        target[field] = value;
        var result = Verify(Encoding.UTF8.GetBytes(root.ToJsonString()));
        result.Failure.ShouldBe(Enum.Parse<VerificationFailure>(failure));
        result.Reason!.ShouldContain(reason);
    }

    [Fact]
    public void Edited_payload_or_signature_fails_the_signature_check()
    {
        var root = JsonNode.Parse(bundle)!;
        var payload = Convert.FromBase64String((string)root["dsseEnvelope"]!["payload"]!);
        payload[^3] ^= 0x01;
        root["dsseEnvelope"]!["payload"] = Convert.ToBase64String(payload);
        Verify(Encoding.UTF8.GetBytes(root.ToJsonString())).Failure.ShouldBe(VerificationFailure.Signature);

        root = JsonNode.Parse(bundle)!;
        var sig = Convert.FromBase64String((string)root["dsseEnvelope"]!["signatures"]![0]!["sig"]!);
        sig[^1] ^= 0x01;
        root["dsseEnvelope"]!["signatures"]![0]!["sig"] = Convert.ToBase64String(sig);
        Verify(Encoding.UTF8.GetBytes(root.ToJsonString())).Failure.ShouldBe(VerificationFailure.Signature);
    }

    [Fact]
    public void Second_signature_unknown_field_and_truncation_are_rejected()
    {
        var root = JsonNode.Parse(bundle)!;
        root["dsseEnvelope"]!["signatures"]!.AsArray().Add(root["dsseEnvelope"]!["signatures"]![0]!.DeepClone());
        Verify(Encoding.UTF8.GetBytes(root.ToJsonString())).Reason!.ShouldContain("exactly one signature");

        root = JsonNode.Parse(bundle)!;
        root["extra"] = 1;
        Verify(Encoding.UTF8.GetBytes(root.ToJsonString())).Reason!.ShouldContain("unexpected field 'extra'");

        Verify(bundle.AsSpan(0, bundle.Length / 2)).Reason!.ShouldContain("line 1");
    }

    [Fact]
    public void Flipping_any_byte_of_the_bundle_never_verifies_and_never_throws()
    {
        for (var i = 0; i < bundle.Length; i++)
        {
            var changed = (byte[])bundle.Clone();
            changed[i] ^= 0x20;
            var result = Verify(changed);
            result.Valid.ShouldBeFalse($"byte {i} ('{(char)bundle[i]}')");
        }
    }

    [Fact]
    public void Random_and_mutated_bundles_never_throw()
    {
        Gen.Byte.Array[0, 600].Sample(bytes => OmsBundleValidator.Validate(bytes) is var _ && !Verify(bytes).Valid, iter: 300);
        Gen.Int[0, bundle.Length - 1].Array[1, 8].Select(Gen.Byte).Sample((positions, value) =>
        {
            var changed = (byte[])bundle.Clone();
            foreach (var position in positions)
            {
                changed[position] = value;
            }
            OmsBundleValidator.Validate(changed);
            Verify(changed);
        }, iter: 300);
    }

    [Fact]
    public void Deeply_nested_json_is_rejected_without_recursion_trouble()
    {
        var deep = Encoding.UTF8.GetBytes(new string('[', 100_000));
        Verify(deep).Failure.ShouldBe(VerificationFailure.Bundle);
    }

    private ModelVerificationResult Verify(ReadOnlySpan<byte> bytes) =>
        ModelSignatureVerifier.Verify(model, bytes, verifier, new NaiveModelHasher(), new ModelVerificationOptions(), CancellationToken.None);
}
