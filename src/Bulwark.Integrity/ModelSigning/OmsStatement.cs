using Bulwark.Integrity.Hashing;

namespace Bulwark.Integrity.ModelSigning;

/// <summary>The OMS v1.0 in-toto statement: the model's name and combined digest, how it was hashed, and every resource digest.</summary>
internal sealed record OmsStatement(string SubjectName, byte[] SubjectDigest, OmsSerialization Serialization, IReadOnlyList<ResourceDigest> Resources)
{
    public const string StatementType = "https://in-toto.io/Statement/v1";
    public const string PredicateType = "https://model_signing/signature/v1.0";

    /// <summary>SHA-256 over the raw resource digests concatenated in listed order (the subject digest).</summary>
    public static byte[] CombinedDigest(IReadOnlyList<ResourceDigest> resources) =>
        Hashing.CombinedDigest.Of(resources.Select(r => r.Digest));
}

/// <summary>
/// The <c>serialization</c> block: what a verifier needs to hash the model the same way. <paramref name="IgnorePaths"/>
/// is null when the statement had none (reference versions before 1.1).
/// </summary>
internal sealed record OmsSerialization(SerializationMethod Method, string HashType, bool AllowSymlinks, IReadOnlyList<string>? IgnorePaths, long ShardSize);
