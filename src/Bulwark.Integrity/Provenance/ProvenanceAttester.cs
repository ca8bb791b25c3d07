using Bulwark.Integrity.Dsse;
using Bulwark.Integrity.Signing;
using Bulwark.Integrity.Sigstore;

namespace Bulwark.Integrity.Provenance;

/// <summary>Builds SLSA v1 provenance for build artifacts (hashing files, or from digests already known), signs it with DSSE and returns the Sigstore bundle bytes.</summary>
internal static class ProvenanceAttester
{
    /// <exception cref="ArgumentException">The request is not usable (see <see cref="ProvenanceRequest.Validate"/>).</exception>
    /// <exception cref="IOException">An artifact cannot be read.</exception>
    /// <exception cref="UnauthorizedAccessException">An artifact is a directory or not readable.</exception>
    public static byte[] Attest(ProvenanceRequest request, ISigner signer, TimeProvider time, CancellationToken cancellationToken) =>
        Attest(BuildStatement(request, time, cancellationToken), signer);

    /// <summary>
    /// Signs a statement whose subjects already carry their SHA-256 (a server that stored the artifacts by digest):
    /// nothing is read from disk.
    /// </summary>
    /// <exception cref="ArgumentException">A subject has no name or SHA-256, there are none or too many, or a URI or the source digest is missing.</exception>
    public static byte[] Attest(ProvenanceStatement statement, ISigner signer)
    {
        if (Problem(statement) is { } problem)
        {
            throw new ArgumentException(problem, nameof(statement));
        }
        var payload = ProvenanceWriter.Write(statement);
        var signature = signer.Sign(Pae.Encode(DsseEnvelope.InTotoPayloadType, payload));
        var envelope = new DsseEnvelope(DsseEnvelope.InTotoPayloadType, payload, [new DsseSignature(signature, null)]);
        return BundleWriter.Write(new SigstoreBundle(SigstoreBundle.MediaTypeV03, signer.Material, envelope));
    }

    /// <summary>The statement for a request: one subject per artifact, timestamps from <paramref name="time"/>.</summary>
    public static ProvenanceStatement BuildStatement(ProvenanceRequest request, TimeProvider time, CancellationToken cancellationToken)
    {
        if (request.Validate() is { } problem)
        {
            throw new ArgumentException(problem, nameof(request));
        }
        var started = request.StartedOn ?? time.GetUtcNow();
        var baseDirectory = request.BaseDirectory ?? Directory.GetCurrentDirectory();
        var subjects = new List<ProvenanceSubject>(request.Artifacts.Count);
        foreach (var artifact in request.Artifacts)
        {
            var path = Path.GetFullPath(artifact, baseDirectory);
            subjects.Add(new ProvenanceSubject(ArtifactHasher.SubjectName(path, baseDirectory), ArtifactHasher.Sha256(path, cancellationToken)));
        }
        return new ProvenanceStatement(subjects, request.BuildType, request.Source, request.BuilderId, request.InvocationId, started, time.GetUtcNow());
    }

    private static string? Problem(ProvenanceStatement statement)
    {
        if (statement.Subjects.Count is 0 or > ProvenanceReader.MaxSubjects)
        {
            return $"a provenance statement needs 1 to {ProvenanceReader.MaxSubjects} subjects, found {statement.Subjects.Count}";
        }
        foreach (var subject in statement.Subjects)
        {
            if (string.IsNullOrEmpty(subject.Name) || subject.Sha256 is not { Length: 32 })
            {
                return $"subject '{subject.Name}' needs a name and a 32-byte SHA-256";
            }
        }
        if (!Uri.TryCreate(statement.BuilderId, UriKind.Absolute, out _) || !Uri.TryCreate(statement.BuildType, UriKind.Absolute, out _))
        {
            return "the builder id and build type must be absolute URIs";
        }
        return statement.Source is { } source && Uri.TryCreate(source.Uri, UriKind.Absolute, out _) && source.Digest.Count > 0
            ? null
            : "the source needs an absolute URI and a digest";
    }
}
