namespace Bulwark.Integrity.Provenance;

/// <summary>Which check failed; checks run in this order and the first failure ends verification.</summary>
internal enum ProvenanceFailure
{
    None,
    Bundle,
    Signature,
    Statement,
    Builder,
    Source,
    Artifact,
}

/// <summary>The outcome of <see cref="ProvenanceVerifier.Verify"/>: valid, or the failed check and a reason naming what differed.</summary>
internal sealed record ProvenanceVerificationResult(ProvenanceFailure Failure, string? Reason)
{
    public bool Valid => Failure == ProvenanceFailure.None;

    /// <summary>The signed statement, once the signature has been checked.</summary>
    public ProvenanceStatement? Statement { get; init; }

    /// <summary>For each artifact (in the order given), the name of the subject whose SHA-256 it matched.</summary>
    public IReadOnlyList<string> MatchedSubjects { get; init; } = [];

    public static ProvenanceVerificationResult Fail(ProvenanceFailure failure, string reason) => new(failure, reason);
}

/// <summary>Optional policy: when set, the statement's builder id / source uri must equal these exactly (ordinal).</summary>
internal sealed record ProvenanceExpectations(string? BuilderId = null, string? SourceUri = null);
