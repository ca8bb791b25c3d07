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
        return signed.Valid
            ? SignedStatementChecks.MatchArtifacts(signed.Statement!.Subjects, artifacts, "provenance", cancellationToken) with { Statement = signed.Statement }
            : signed;
    }

    /// <summary>
    /// Every check but the artifacts': for a caller that compares the signed subjects with digests of its own (the
    /// eval gate matches them with the digest its metrics record). Valid results carry the statement.
    /// </summary>
    public static ProvenanceVerificationResult VerifyStatement(ReadOnlySpan<byte> bundleJson, IVerifier verifier, ProvenanceExpectations expected)
    {
        var (payload, failure) = SignedStatementChecks.OpenSigned(bundleJson, verifier);
        if (payload is null)
        {
            return failure!;
        }
        var (statement, statementError) = ProvenanceReader.Read(payload);
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
}
