using System.Security.Cryptography;
using System.Text.Json;
using Bulwark.Integrity.Dsse;
using Bulwark.Integrity.ModelSigning;
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
    private const int MaxSubjects = 10_000;

    public static (ProvenanceVerificationResult Result, string? Predicate) Verify(ReadOnlySpan<byte> bundleJson, IReadOnlyList<string> artifacts,
        IVerifier verifier, string predicateType, CancellationToken cancellationToken)
    {
        var (bundle, envelopeError) = ModelSignatureVerifier.ReadEnvelope(bundleJson);
        if (bundle is null)
        {
            return (ProvenanceVerificationResult.Fail(ProvenanceFailure.Bundle, envelopeError!), null);
        }
        var envelope = bundle.Envelope;
        if (verifier.Verify(bundle.Material, Pae.Encode(envelope.PayloadType, envelope.Payload), envelope.Signatures[0].Sig) is { } signatureError)
        {
            return (ProvenanceVerificationResult.Fail(ProvenanceFailure.Signature, signatureError), null);
        }
        List<(string Name, byte[] Sha256)> subjects;
        string predicate;
        try
        {
            if (envelope.Payload.Length > ProvenanceReader.MaxStatementBytes)
            {
                throw new InvalidBundleException($"the statement is larger than {ProvenanceReader.MaxStatementBytes} bytes");
            }
            using var document = JsonDocument.Parse(envelope.Payload, DocumentOptions);
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
            subjects = Subjects(Array(root, "subject", "statement"));
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
        return (Match(subjects, artifacts, cancellationToken), predicate);
    }

    private static List<(string Name, byte[] Sha256)> Subjects(JsonElement array)
    {
        var count = array.GetArrayLength();
        if (count is 0 or > MaxSubjects)
        {
            throw new InvalidBundleException($"statement.subject must hold 1 to {MaxSubjects} entries, found {count}");
        }
        var subjects = new List<(string, byte[])>(count);
        foreach (var entry in array.EnumerateArray())
        {
            ExpectObject(entry, "statement.subject[]");
            var name = OptionalString(entry, "name", "statement.subject[]") ?? "";
            var hex = String(Object(entry, "digest", "statement.subject[]"), "sha256", "statement.subject[].digest");
            if (hex.Length != 64 || !hex.All(char.IsAsciiHexDigit))
            {
                throw new InvalidBundleException($"statement.subject[] '{name}' has a sha256 digest that is not 64 hex digits");
            }
            subjects.Add((name, Convert.FromHexString(hex)));
        }
        return subjects;
    }

    private static ProvenanceVerificationResult Match(List<(string Name, byte[] Sha256)> subjects, IReadOnlyList<string> artifacts, CancellationToken cancellationToken)
    {
        if (artifacts.Count == 0)
        {
            return ProvenanceVerificationResult.Fail(ProvenanceFailure.Artifact, "no artifact was given to check against the attestation");
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
            var subject = subjects.FirstOrDefault(s => CryptographicOperations.FixedTimeEquals(s.Sha256, digest));
            if (subject.Sha256 is null)
            {
                return ProvenanceVerificationResult.Fail(ProvenanceFailure.Artifact,
                    $"artifact '{artifact}' (sha256 {Convert.ToHexStringLower(digest)}) is not a subject of the attestation");
            }
            matched.Add(subject.Name);
        }
        return new ProvenanceVerificationResult(ProvenanceFailure.None, null) { MatchedSubjects = matched };
    }
}
