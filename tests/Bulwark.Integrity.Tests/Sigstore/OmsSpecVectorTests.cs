using Bulwark.Integrity.ModelSigning;
using Bulwark.Integrity.Tests.ModelSigning;

namespace Bulwark.Integrity.Tests.Sigstore;

/// <summary>The OMS v1.0 spec's structural vectors: valid bundles pass, invalid ones are rejected with a reason.</summary>
public sealed class OmsSpecVectorTests
{
    public static TheoryData<string> Valid => Files("valid");

    public static TheoryData<string> Invalid => [.. Files("invalid"), .. Files("invalid-payload")];

    [Theory]
    [MemberData(nameof(Valid))]
    public void Valid_spec_bundles_pass_structural_validation(string path) =>
        OmsBundleValidator.Validate(File.ReadAllBytes(path)).ShouldBeNull();

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Invalid_spec_bundles_are_rejected_with_a_reason(string path) =>
        OmsBundleValidator.Validate(File.ReadAllBytes(path)).ShouldNotBeNullOrWhiteSpace();

    [Fact]
    public void Wrong_predicate_is_named_in_the_reason() =>
        OmsBundleValidator.Validate(File.ReadAllBytes(Path.Combine(Vectors.OmsSpec("invalid-payload"), "wrong-predicate.bundle.json")))!
            .ShouldContain("predicateType");

    private static TheoryData<string> Files(string kind)
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(Vectors.OmsSpec(kind)).Order(StringComparer.Ordinal))
        {
            data.Add(file);
        }
        return data;
    }
}
