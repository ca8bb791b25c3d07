using System.Text.Json;
using Bulwark.Integrity.Attestations;
using Bulwark.Integrity.Signing;

namespace Bulwark.Cli.Commands;

/// <summary>
/// <c>verify-attestation --predicate-type T</c> for gate attestations (data check, eval gate): signature, statement and
/// predicate type, artifacts as subjects, and the recorded verdict, which must be <c>pass</c> for a deployment to rely on it.
/// </summary>
internal static class GateAttestation
{
    public static int Verify(byte[] bundle, string[] files, IVerifier verifier, string predicateType, string? provenanceOnlyOption,
        TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        if (provenanceOnlyOption is not null)
        {
            error.WriteLine("bulwark: --builder-id and --source-uri apply to SLSA provenance only, not to --predicate-type");
            return ExitCodes.UsageError;
        }
        var (result, predicate) = StatementVerifier.Verify(bundle, files, verifier, predicateType, cancellationToken);
        if (!result.Valid)
        {
            error.WriteLine($"bulwark: verification failed ({result.Failure.ToString().ToLowerInvariant()}): {result.Reason}");
            return ExitCodes.Findings;
        }
        using var document = JsonDocument.Parse(predicate!);
        var verdict = document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("verdict", out var v) && v.ValueKind == JsonValueKind.String
            ? v.GetString()
            : null;
        if (verdict is not null && verdict != "pass")
        {
            error.WriteLine($"bulwark: the attestation is genuine but records the verdict '{verdict}', not pass");
            return ExitCodes.Findings;
        }
        output.WriteLine($"Verified: signature good, {predicateType}{(verdict is null ? "" : ", verdict pass")}, {files.Length} artifact(s) attested.");
        for (var i = 0; i < files.Length; i++)
        {
            output.WriteLine($"  {files[i]} = subject {result.MatchedSubjects[i]}");
        }
        return ExitCodes.Clean;
    }
}
