namespace Bulwark.Integrity.Provenance;

/// <summary>
/// An in-toto Statement v1 carrying a SLSA Provenance v1 predicate: which artifacts (subjects) a builder produced from
/// which source. Only the fields Bulwark writes and checks are modelled; readers ignore the rest of the predicate.
/// </summary>
internal sealed record ProvenanceStatement(
    IReadOnlyList<ProvenanceSubject> Subjects,
    string BuildType,
    ProvenanceSource? Source,
    string BuilderId,
    string? InvocationId,
    DateTimeOffset? StartedOn,
    DateTimeOffset? FinishedOn)
{
    public const string StatementType = "https://in-toto.io/Statement/v1";
    public const string PredicateType = "https://slsa.dev/provenance/v1";
    public const string DefaultBuildType = "https://bulwark.dev/buildtypes/pipeline/v1";
}

/// <summary>One attested artifact; <paramref name="Sha256"/> is null when the subject names only other digest algorithms.</summary>
internal sealed record ProvenanceSubject(string Name, byte[]? Sha256);

/// <summary>The source the build started from (<c>externalParameters.source</c>, also the first resolved dependency).</summary>
internal sealed record ProvenanceSource(string Uri, IReadOnlyDictionary<string, string> Digest);
