using System.Text.Json;
using Bulwark.Integrity.Provenance;
using Bulwark.Integrity.Signing;
using Bulwark.Integrity.Sigstore;
using static Bulwark.Integrity.Sigstore.JsonStrict;

namespace Bulwark.Integrity.Attestations;

/// <summary>
/// Verifies artifacts against any in-toto Statement v1 bundle written by <see cref="StatementAttester"/> (data check,
/// eval gate): bundle shape, the one DSSE signature, statement type, the expected predicate type, and that every
/// artifact's SHA-256 is a subject. The predicate is returned for the caller to read; never throws on bad content.
/// </summary>
internal static class StatementVerifier
{
    public static (ProvenanceVerificationResult Result, string? Predicate) Verify(ReadOnlySpan<byte> bundleJson, IReadOnlyList<string> artifacts,
        IVerifier verifier, string predicateType, CancellationToken cancellationToken)
    {
        var (payload, failure) = SignedStatementChecks.OpenSigned(bundleJson, verifier);
        if (payload is null)
        {
            return (failure!, null);
        }
        List<ProvenanceSubject> subjects;
        string predicate;
        try
        {
            if (payload.Length > ProvenanceReader.MaxStatementBytes)
            {
                throw new InvalidBundleException($"the statement is larger than {ProvenanceReader.MaxStatementBytes} bytes");
            }
            using var document = JsonDocument.Parse(payload, DocumentOptions);
            var root = document.RootElement;
            ExpectObject(root, "statement");
            if (String(root, "_type", "statement") is var type && type != StatementAttester.StatementType)
            {
                throw new InvalidBundleException($"statement._type is '{type}', expected '{StatementAttester.StatementType}'");
            }
            if (String(root, "predicateType", "statement") is var actual && actual != predicateType)
            {
                throw new InvalidBundleException($"statement.predicateType is '{actual}', expected '{predicateType}'");
            }
            subjects = ProvenanceReader.ReadSubjects(Array(root, "subject", "statement"));
            // Bulwark's attestations name each subject by its SHA-256: one without it could never match an artifact.
            if (subjects.Find(s => s.Sha256 is null) is { } unhashed)
            {
                throw new InvalidBundleException($"statement.subject[] '{unhashed.Name}' has no sha256 digest");
            }
            predicate = Object(root, "predicate", "statement").GetRawText();
        }
        catch (JsonException ex)
        {
            return (ProvenanceVerificationResult.Fail(ProvenanceFailure.Statement, "the statement is " + ErrorFor(ex)), null);
        }
        catch (InvalidOperationException)
        {
            return (ProvenanceVerificationResult.Fail(ProvenanceFailure.Statement, "the statement holds text that is not valid UTF-8"), null);
        }
        catch (InvalidBundleException ex)
        {
            return (ProvenanceVerificationResult.Fail(ProvenanceFailure.Statement, ex.Message), null);
        }
        return (SignedStatementChecks.MatchArtifacts(subjects, artifacts, "attestation", cancellationToken), predicate);
    }
}
