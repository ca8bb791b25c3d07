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
    private const int MaxSubjects = 10_000;

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
        return (SignedStatementChecks.MatchArtifacts(subjects, artifacts, "attestation", cancellationToken), predicate);
    }

    private static List<ProvenanceSubject> Subjects(JsonElement array)
    {
        var count = array.GetArrayLength();
        if (count is 0 or > MaxSubjects)
        {
            throw new InvalidBundleException($"statement.subject must hold 1 to {MaxSubjects} entries, found {count}");
        }
        var subjects = new List<ProvenanceSubject>(count);
        foreach (var entry in array.EnumerateArray())
        {
            ExpectObject(entry, "statement.subject[]");
            var name = OptionalString(entry, "name", "statement.subject[]") ?? "";
            var hex = String(Object(entry, "digest", "statement.subject[]"), "sha256", "statement.subject[].digest");
            if (hex.Length != 64 || !hex.All(char.IsAsciiHexDigit))
            {
                throw new InvalidBundleException($"statement.subject[] '{name}' has a sha256 digest that is not 64 hex digits");
            }
            subjects.Add(new ProvenanceSubject(name, Convert.FromHexString(hex)));
        }
        return subjects;
    }
}
