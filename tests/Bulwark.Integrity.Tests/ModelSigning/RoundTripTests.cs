using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Bulwark.Integrity.Hashing;
using Bulwark.Integrity.ModelSigning;
using Bulwark.Integrity.Signing;
using Bulwark.Integrity.Tests.Signing;
using Bulwark.Tests.Shared;

namespace Bulwark.Integrity.Tests.ModelSigning;

public sealed class RoundTripTests : IDisposable
{
    private readonly TempDirectory temp = new("bulwark-sign");

    public void Dispose() => temp.Dispose();

    [Theory]
    [InlineData("p256")]
    [InlineData("p384")]
    [InlineData("p521")]
    public void Signed_folder_verifies_with_each_curve(string curve)
    {
        var (model, signature) = Model();
        var (signer, verifier) = Keys(curve);
        File.WriteAllBytes(signature, Sign(model, signature, signer));
        Verify(model, signature, verifier).Valid.ShouldBeTrue();
    }

    [Theory]
    [InlineData("p256")]
    [InlineData("p384")]
    [InlineData("p521")]
    public void Signed_single_file_verifies_and_names_its_resource_dot(string curve)
    {
        var file = temp.Write("weights.bin", "single file model");
        var signature = temp.Combine("weights.sig");
        var (signer, verifier) = Keys(curve);
        File.WriteAllBytes(signature, Sign(file, signature, signer));
        var result = Verify(file, signature, verifier);
        result.Valid.ShouldBeTrue();
        result.Statement!.SubjectName.ShouldBe("weights.bin");
        result.Statement.Resources.Single().Name.ShouldBe(".");
    }

    [Fact]
    public void Signed_folder_verifies_through_a_certificate_chain()
    {
        var (model, signature) = Model();
        var chain = TestChain.Create();
        File.WriteAllBytes(signature, Sign(model, signature, new CertificateSigner(chain.LeafKey, chain.Leaf, [chain.Intermediate])));
        Verify(model, signature, new CertificateChainVerifier(TrustedRoots.FromPem(chain.RootPem))).Valid.ShouldBeTrue();
    }

    [Fact]
    public void Shards_round_trip_and_record_the_shard_size()
    {
        var (model, signature) = Model();
        var (signer, verifier) = Keys("p256");
        var options = new HashingOptions { Method = SerializationMethod.Shards, ShardSize = 4 };
        File.WriteAllBytes(signature, ModelSigner.Sign(model, signature, signer, new NaiveModelHasher(), options, CancellationToken.None));
        var result = Verify(model, signature, verifier);
        result.Valid.ShouldBeTrue();
        result.Statement!.Serialization.ShardSize.ShouldBe(4);
        File.AppendAllText(Path.Combine(model, "b.txt"), "!");
        Verify(model, signature, verifier).Differences.ShouldBe([new FileDifference("b.txt", DifferenceKind.Modified)]);
    }

    [Fact]
    public void Changing_any_byte_of_any_file_is_reported_as_modified()
    {
        var (model, signature) = Model();
        var (signer, verifier) = Keys("p256");
        File.WriteAllBytes(signature, Sign(model, signature, signer));
        foreach (var name in new[] { "a.txt", "b.txt", "sub/c.bin" })
        {
            var path = Path.Combine(model, name);
            var original = File.ReadAllBytes(path);
            for (var i = 0; i < original.Length; i++)
            {
                var changed = (byte[])original.Clone();
                changed[i] ^= 0x01;
                File.WriteAllBytes(path, changed);
                var result = Verify(model, signature, verifier);
                result.Failure.ShouldBe(VerificationFailure.Mismatch);
                result.Differences.ShouldBe([new FileDifference(name, DifferenceKind.Modified)]);
            }
            File.WriteAllBytes(path, original);
        }
        Verify(model, signature, verifier).Valid.ShouldBeTrue();
    }

    [Fact]
    public void Added_and_removed_files_are_listed_and_unsigned_files_can_be_ignored()
    {
        var (model, signature) = Model();
        var (signer, verifier) = Keys("p384");
        File.WriteAllBytes(signature, Sign(model, signature, signer));
        File.Delete(Path.Combine(model, "a.txt"));
        File.WriteAllText(Path.Combine(model, "new.txt"), "new");
        Verify(model, signature, verifier).Differences.ShouldBe(
            [new FileDifference("a.txt", DifferenceKind.Removed), new FileDifference("new.txt", DifferenceKind.Added)]);
        var ignoring = ModelSignatureVerifier.Verify(model, File.ReadAllBytes(signature), verifier, new NaiveModelHasher(),
            new ModelVerificationOptions { SignaturePath = signature, IgnoreUnsignedFiles = true }, CancellationToken.None);
        ignoring.Differences.ShouldBe([new FileDifference("a.txt", DifferenceKind.Removed)]);
    }

    [Fact]
    public void Wrong_key_fails_on_the_hint_and_a_forged_hint_fails_on_the_signature()
    {
        var (model, signature) = Model();
        var signerKey = PemKeys.LoadPrivateKey(KeyGenerator.Generate(EcCurve.P256).PrivateKeyPem);
        using var otherKey = PemKeys.LoadPublicKey(KeyGenerator.Generate(EcCurve.P256).PublicKeyPem);
        File.WriteAllBytes(signature, Sign(model, signature, new EcdsaKeySigner(signerKey)));
        var other = new EcdsaKeyVerifier(otherKey);
        var result = Verify(model, signature, other);
        result.Failure.ShouldBe(VerificationFailure.Signature);
        result.Reason!.ShouldContain("hint");
        File.WriteAllText(signature, File.ReadAllText(signature).Replace(PemKeys.Hint(signerKey), PemKeys.Hint(otherKey), StringComparison.Ordinal));
        Verify(model, signature, other).Reason!.ShouldContain("signature does not match");
    }

    [Theory]
    [InlineData("1.3.6.1.5.5.7.3.1", X509KeyUsageFlags.DigitalSignature, "codeSigning")]
    [InlineData("1.3.6.1.5.5.7.3.3", X509KeyUsageFlags.KeyEncipherment, "digitalSignature")]
    public void Certificate_without_signing_usage_is_rejected(string eku, X509KeyUsageFlags usage, string reason)
    {
        var (model, signature) = Model();
        var chain = TestChain.Create(eku, usage);
        File.WriteAllBytes(signature, Sign(model, signature, new CertificateSigner(chain.LeafKey, chain.Leaf, [chain.Intermediate])));
        var result = Verify(model, signature, new CertificateChainVerifier(TrustedRoots.FromPem(chain.RootPem)));
        result.Failure.ShouldBe(VerificationFailure.Signature);
        result.Reason!.ShouldContain(reason);
    }

    [Fact]
    public void Certificate_issued_outside_its_issuers_validity_or_from_another_root_is_rejected()
    {
        var (model, signature) = Model();
        var expired = TestChain.Create(leafNotBefore: TestChain.Start.AddYears(6));
        File.WriteAllBytes(signature, Sign(model, signature, new CertificateSigner(expired.LeafKey, expired.Leaf, [expired.Intermediate])));
        Verify(model, signature, new CertificateChainVerifier(TrustedRoots.FromPem(expired.RootPem))).Reason!.ShouldContain("does not chain");
        var stranger = TestChain.Create();
        Verify(model, signature, new CertificateChainVerifier(TrustedRoots.FromPem(stranger.RootPem))).Reason!.ShouldContain("does not chain");
    }

    private (string Model, string Signature) Model()
    {
        temp.Write("model/a.txt", "alpha");
        temp.Write("model/b.txt", "bravo bravo");
        temp.Write("model/sub/c.bin", "charlie");
        return (temp.Combine("model"), temp.Combine("model/model.sig"));
    }

    private static (ISigner Signer, IVerifier Verifier) Keys(string curve)
    {
        EcCurves.TryParse(curve, out var parsed).ShouldBeTrue();
        var pair = KeyGenerator.Generate(parsed);
        return (new EcdsaKeySigner(PemKeys.LoadPrivateKey(pair.PrivateKeyPem)), new EcdsaKeyVerifier(PemKeys.LoadPublicKey(pair.PublicKeyPem)));
    }

    private static byte[] Sign(string model, string signature, ISigner signer) =>
        ModelSigner.Sign(model, signature, signer, new NaiveModelHasher(), new HashingOptions(), CancellationToken.None);

    private static ModelVerificationResult Verify(string model, string signature, IVerifier verifier) =>
        ModelSignatureVerifier.Verify(model, File.ReadAllBytes(signature), verifier, new NaiveModelHasher(),
            new ModelVerificationOptions { SignaturePath = signature }, CancellationToken.None);
}
