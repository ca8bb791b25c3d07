namespace Bulwark.Integrity.ModelSigning;

/// <summary>Which step rejected a signature.</summary>
internal enum VerificationFailure
{
    None,

    /// <summary>The bundle is not a well-formed Sigstore v0.3 DSSE bundle with one signature.</summary>
    Bundle,

    /// <summary>The signature, key hint or certificate chain does not check out.</summary>
    Signature,

    /// <summary>The signed payload is not a consistent OMS v1.0 statement.</summary>
    Statement,

    /// <summary>The model on disk could not be hashed (unreadable path, forbidden symlink, …).</summary>
    Model,

    /// <summary>The model on disk differs from the signed statement; see the differences.</summary>
    Mismatch,
}

internal enum DifferenceKind
{
    Added,
    Removed,
    Modified,
}

/// <summary>A file that differs between the signed statement and the model on disk ("." for a single-file model).</summary>
internal sealed record FileDifference(string Path, DifferenceKind Kind);

/// <summary>The verdict: valid, or the failing step, a reason for people, and for mismatches each differing file.</summary>
internal sealed record ModelVerificationResult(VerificationFailure Failure, string? Reason, IReadOnlyList<FileDifference> Differences)
{
    public bool Valid => Failure == VerificationFailure.None;

    /// <summary>The signed statement, when the signature was good enough to read it.</summary>
    public OmsStatement? Statement { get; init; }

    public static ModelVerificationResult Fail(VerificationFailure failure, string reason) => new(failure, reason, []);
}

/// <summary>How to verify beyond what the statement says.</summary>
internal sealed record ModelVerificationOptions
{
    /// <summary>Extra paths to leave out, relative to the model root (the statement's own ignore paths always apply).</summary>
    public IReadOnlyList<string> IgnorePaths { get; init; } = [];

    /// <summary>Files on disk that the statement does not list are not reported as added (reference <c>--ignore_unsigned_files</c>).</summary>
    public bool IgnoreUnsignedFiles { get; init; }

    /// <summary>The signature file, left out of the hash when it lies inside the model.</summary>
    public string? SignaturePath { get; init; }

    public int? Parallelism { get; init; }
}
