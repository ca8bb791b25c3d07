using System.Security.Cryptography;
using Bulwark.Integrity.Dsse;
using Bulwark.Integrity.ModelSigning;
using Bulwark.Integrity.Signing;

namespace Bulwark.Integrity.Provenance;

/// <summary>
/// Verifies artifacts against a SLSA v1 provenance bundle: bundle shape, the one DSSE signature (key or certificate
/// chain), statement and predicate types, expected builder and source, and that every artifact's SHA-256 is a subject.
/// Bad input never throws; every outcome is a <see cref="ProvenanceVerificationResult"/>.
/// </summary>
internal static class ProvenanceVerifier
{
    public static ProvenanceVerificationResult Verify(ReadOnlySpan<byte> bundleJson, IReadOnlyList<string> artifacts, IVerifier verifier,
        ProvenanceExpectations expected, CancellationToken cancellationToken)
    {
        var signed = VerifyStatement(bundleJson, verifier, expected);
        return signed.Valid ? CheckArtifacts(signed.Statement!, artifacts, cancellationToken) with { Statement = signed.Statement } : signed;
    }

    /// <summary>
    /// Every check but the artifacts': for a caller that compares the signed subjects with digests of its own (the
    /// eval gate matches them with the digest its metrics record). Valid results carry the statement.
    /// </summary>
    public static ProvenanceVerificationResult VerifyStatement(ReadOnlySpan<byte> bundleJson, IVerifier verifier, ProvenanceExpectations expected)
    {
        // Same envelope rules as model signatures: v0.3 bundle, in-toto payload type, exactly one signature.
        var (bundle, envelopeError) = ModelSignatureVerifier.ReadEnvelope(bundleJson);
        if (bundle is null)
        {
            return ProvenanceVerificationResult.Fail(ProvenanceFailure.Bundle, envelopeError!);
        }
        var envelope = bundle.Envelope;
        if (verifier.Verify(bundle.Material, Pae.Encode(envelope.PayloadType, envelope.Payload), envelope.Signatures[0].Sig) is { } signatureError)
        {
            return ProvenanceVerificationResult.Fail(ProvenanceFailure.Signature, signatureError);
        }
        var (statement, statementError) = ProvenanceReader.Read(envelope.Payload);
        if (statement is null)
        {
            return ProvenanceVerificationResult.Fail(ProvenanceFailure.Statement, statementError!);
        }
        return CheckPolicy(statement, expected) is { } policy
            ? policy with { Statement = statement }
            : new ProvenanceVerificationResult(ProvenanceFailure.None, null) { Statement = statement };
    }

    private static ProvenanceVerificationResult? CheckPolicy(ProvenanceStatement statement, ProvenanceExpectations expected)
    {
        if (expected.BuilderId is { } builder && !string.Equals(statement.BuilderId, builder, StringComparison.Ordinal))
        {
            return ProvenanceVerificationResult.Fail(ProvenanceFailure.Builder,
                $"the provenance names builder '{statement.BuilderId}', expected '{builder}'");
        }
        if (expected.SourceUri is { } source && !string.Equals(statement.Source?.Uri, source, StringComparison.Ordinal))
        {
            var actual = statement.Source is { } s ? $"source '{s.Uri}'" : "no source (externalParameters.source)";
            return ProvenanceVerificationResult.Fail(ProvenanceFailure.Source, $"the provenance names {actual}, expected '{source}'");
        }
        return null;
    }

    private static ProvenanceVerificationResult CheckArtifacts(ProvenanceStatement statement, IReadOnlyList<string> artifacts, CancellationToken cancellationToken)
    {
        if (artifacts.Count == 0)
        {
            return ProvenanceVerificationResult.Fail(ProvenanceFailure.Artifact, "no artifact was given to check against the provenance");
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
            if (FindSubject(statement.Subjects, digest) is not { } subject)
            {
                return ProvenanceVerificationResult.Fail(ProvenanceFailure.Artifact,
                    $"artifact '{artifact}' (sha256 {Convert.ToHexStringLower(digest)}) is not a subject of the provenance");
            }
            matched.Add(subject.Name);
        }
        return new ProvenanceVerificationResult(ProvenanceFailure.None, null) { MatchedSubjects = matched };
    }

    /// <summary>Matching is by digest only: a renamed artifact with the attested content still verifies, and its subject name is reported.</summary>
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
