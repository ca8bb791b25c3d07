namespace Bulwark.Integrity.Provenance;

/// <summary>What to attest: the artifacts, who built them, and from which source.</summary>
/// <param name="Artifacts">Artifact files; each becomes one subject, named relative to <see cref="BaseDirectory"/>.</param>
/// <param name="BuilderId">URI of the build platform (<c>runDetails.builder.id</c>).</param>
internal sealed record ProvenanceRequest(IReadOnlyList<string> Artifacts, string BuilderId, ProvenanceSource Source)
{
    public string BuildType { get; init; } = ProvenanceStatement.DefaultBuildType;

    public string? InvocationId { get; init; }

    /// <summary>Build start; the attester's own start time when not given.</summary>
    public DateTimeOffset? StartedOn { get; init; }

    /// <summary>Subject names are relative to this folder (the current directory when not given).</summary>
    public string? BaseDirectory { get; init; }

    /// <summary>Null when the request is usable; otherwise the reason, naming the setting.</summary>
    public string? Validate()
    {
        if (Artifacts.Count == 0)
        {
            return "give at least one artifact";
        }
        if (!IsAbsoluteUri(BuilderId))
        {
            return $"builder id '{BuilderId}' must be an absolute URI";
        }
        if (!IsAbsoluteUri(BuildType))
        {
            return $"build type '{BuildType}' must be an absolute URI";
        }
        if (!IsAbsoluteUri(Source.Uri))
        {
            return $"source uri '{Source.Uri}' must be an absolute URI";
        }
        return Source.Digest.Count == 0 ? "the source needs a digest" : null;
    }

    private static bool IsAbsoluteUri(string text) => Uri.TryCreate(text, UriKind.Absolute, out _);
}
