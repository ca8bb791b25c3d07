using Bulwark.Integrity.ModelSigning;
using Bulwark.Integrity.Signing;

namespace Bulwark.Integrity.Tests.ModelSigning;

/// <summary>Signatures made by the reference model_signing (1.0.0, 1.0.1, 1.1.0) verify here.</summary>
public sealed class ReferenceVectorTests
{
    public static TheoryData<string> KeyVectors => ["v1.0.0-elliptic-key", "v1.0.1-elliptic-key", "v1.1.0-elliptic-key"];

    public static TheoryData<string> CertificateVectors => ["v1.0.0-certificate", "v1.0.1-certificate", "v1.1.0-certificate"];

    [Theory]
    [MemberData(nameof(KeyVectors))]
    public void Reference_key_signatures_verify(string name)
    {
        using var key = PemKeys.LoadPublicKey(File.ReadAllText(Vectors.Transparency("keys/signing-key-pub.pem")));
        var result = Verify(name, new EcdsaKeyVerifier(key));
        result.Reason.ShouldBeNull();
        result.Valid.ShouldBeTrue();
    }

    [Theory]
    [MemberData(nameof(CertificateVectors))]
    public void Reference_certificate_signatures_verify_against_the_root(string name)
    {
        var roots = TrustedRoots.FromPem(File.ReadAllText(Vectors.Transparency("keys/ca-cert.pem")));
        var result = Verify(name, new CertificateChainVerifier(roots));
        result.Reason.ShouldBeNull();
        result.Valid.ShouldBeTrue();
    }

    [Fact]
    public void Reference_certificate_signatures_verify_with_root_and_intermediate_in_one_file()
    {
        var pem = File.ReadAllText(Vectors.Transparency("keys/ca-cert.pem")) + File.ReadAllText(Vectors.Transparency("keys/int-ca-cert.pem"));
        Verify("v1.1.0-certificate", new CertificateChainVerifier(TrustedRoots.FromPem(pem))).Valid.ShouldBeTrue();
    }

    [Fact]
    public void Reference_signature_without_ignoring_the_extra_file_reports_it_added()
    {
        using var key = PemKeys.LoadPublicKey(File.ReadAllText(Vectors.Transparency("keys/signing-key-pub.pem")));
        var folder = Vectors.Transparency("v1.0.1-elliptic-key");
        var result = ModelSignatureVerifier.Verify(folder, File.ReadAllBytes(Path.Combine(folder, "model.sig")), new EcdsaKeyVerifier(key),
            new NaiveModelHasher(), new ModelVerificationOptions { SignaturePath = Path.Combine(folder, "model.sig") }, CancellationToken.None);
        result.Failure.ShouldBe(VerificationFailure.Mismatch);
        result.Differences.ShouldBe([new FileDifference("ignore-me", DifferenceKind.Added)]);
    }

    [Fact]
    public void Reference_key_signature_fails_against_the_certificate_root()
    {
        var roots = TrustedRoots.FromPem(File.ReadAllText(Vectors.Transparency("keys/ca-cert.pem")));
        Verify("v1.1.0-elliptic-key", new CertificateChainVerifier(roots)).Failure.ShouldBe(VerificationFailure.Signature);
    }

    [Fact]
    public void Hint_is_sha256_of_the_canonical_public_key_pem()
    {
        using var key = PemKeys.LoadPublicKey(File.ReadAllText(Vectors.Transparency("keys/signing-key-pub.pem")));
        PemKeys.Hint(key).ShouldBe("e8450dec4eb99dae995da9af1bc2cc9f76ed669ee2e744f57abba763df3e3f8e");
    }

    private static ModelVerificationResult Verify(string name, IVerifier verifier)
    {
        var folder = Vectors.Transparency(name);
        var signature = Path.Combine(folder, "model.sig");
        // The 1.0.0 key vector signed the single file signme-1 (resource "."), not the folder.
        var model = name == "v1.0.0-elliptic-key" ? Path.Combine(folder, "signme-1") : folder;
        return ModelSignatureVerifier.Verify(model, File.ReadAllBytes(signature), verifier, new NaiveModelHasher(),
            new ModelVerificationOptions { IgnorePaths = ["ignore-me"], SignaturePath = signature }, CancellationToken.None);
    }
}
