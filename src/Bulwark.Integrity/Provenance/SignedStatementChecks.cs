using System.Security.Cryptography;
using Bulwark.Integrity.Dsse;
using Bulwark.Integrity.ModelSigning;
using Bulwark.Integrity.Signing;

namespace Bulwark.Integrity.Provenance;

/// <summary>
/// The checks every signed in-toto statement goes through, whatever its predicate (SLSA provenance, data-check and
/// eval-gate verdicts): the bundle's envelope and its one signature, and matching artifacts to the signed subjects.
/// </summary>
internal static class SignedStatementChecks
{
    /// <summary>The statement bytes of a bundle whose envelope and signature check out; otherwise the failure.</summary>
    public static (byte[]? Payload, ProvenanceVerificationResult? Failure) OpenSigned(ReadOnlySpan<byte> bundleJson, IVerifier verifier)
    {
        // Same envelope rules as model signatures: v0.3 bundle, in-toto payload type, exactly one signature.
        var (bundle, envelopeError) = ModelSignatureVerifier.ReadEnvelope(bundleJson);
        if (bundle is null)
        {
            return (null, ProvenanceVerificationResult.Fail(ProvenanceFailure.Bundle, envelopeError!));
        }
        var envelope = bundle.Envelope;
        if (verifier.Verify(bundle.Material, Pae.Encode(envelope.PayloadType, envelope.Payload), envelope.Signatures[0].Sig) is { } signatureError)
        {
            return (null, ProvenanceVerificationResult.Fail(ProvenanceFailure.Signature, signatureError));
        }
        return (envelope.Payload, null);
    }

    /// <summary>
    /// Every artifact's SHA-256 must be a subject's (constant-time compares). Matching is by digest only: a renamed
    /// artifact with the attested content still verifies, and its subject name is reported. <paramref name="what"/>
    /// names the statement in messages ("provenance", "attestation").
    /// </summary>
    public static ProvenanceVerificationResult MatchArtifacts(IReadOnlyList<ProvenanceSubject> subjects, IReadOnlyList<string> artifacts, string what,
        CancellationToken cancellationToken)
    {
        if (artifacts.Count == 0)
        {
            return ProvenanceVerificationResult.Fail(ProvenanceFailure.Artifact, $"no artifact was given to check against the {what}");
        }
        var matched = new List<string>(artifacts.Count);
        foreach (var artifact in artifacts)
        {
            byte[] digest;
            try
            {
                digest = ArtifactHasher.Sha256(artifact, cancellationToken);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                return ProvenanceVerificationResult.Fail(ProvenanceFailure.Artifact, $"cannot read artifact '{artifact}': {ex.Message}");
            }
            if (FindSubject(subjects, digest) is not { } subject)
            {
                return ProvenanceVerificationResult.Fail(ProvenanceFailure.Artifact,
                    $"artifact '{artifact}' (sha256 {Convert.ToHexStringLower(digest)}) is not a subject of the {what}");
            }
            matched.Add(subject.Name);
        }
        return new ProvenanceVerificationResult(ProvenanceFailure.None, null) { MatchedSubjects = matched };
    }

    private static ProvenanceSubject? FindSubject(IReadOnlyList<ProvenanceSubject> subjects, byte[] digest)
    {
        foreach (var subject in subjects)
        {
            if (subject.Sha256 is { } sha256 && CryptographicOperations.FixedTimeEquals(sha256, digest))
            {
                return subject;
            }
        }
        return null;
    }
}
