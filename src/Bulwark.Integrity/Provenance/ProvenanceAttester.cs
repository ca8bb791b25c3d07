using Bulwark.Integrity.Dsse;
using Bulwark.Integrity.Signing;
using Bulwark.Integrity.Sigstore;

namespace Bulwark.Integrity.Provenance;

/// <summary>Hashes build artifacts, builds their SLSA v1 provenance, signs it with DSSE and returns the Sigstore bundle bytes.</summary>
internal static class ProvenanceAttester
{
    /// <exception cref="ArgumentException">The request is not usable (see <see cref="ProvenanceRequest.Validate"/>).</exception>
    /// <exception cref="IOException">An artifact cannot be read.</exception>
    /// <exception cref="UnauthorizedAccessException">An artifact is a directory or not readable.</exception>
    public static byte[] Attest(ProvenanceRequest request, ISigner signer, TimeProvider time, CancellationToken cancellationToken)
    {
        var statement = BuildStatement(request, time, cancellationToken);
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
}
