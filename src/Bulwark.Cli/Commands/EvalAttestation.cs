using System.Security.Cryptography;
using System.Text.Json;
using Bulwark.Core.Findings;
using Bulwark.Integrity.Attestations;
using Bulwark.Integrity.Provenance;
using Bulwark.Integrity.Signing;
using Bulwark.Ml.Evaluation;

namespace Bulwark.Cli.Commands;

/// <summary>What the eval gate read, for its attestation.</summary>
internal sealed record EvalAttestationInputs(EvalMetrics Metrics, EvalMetrics Baseline, IReadOnlyList<ReleasedModel> Released, string? RulesPath);

/// <summary>
/// The eval gate's verdict as a DSSE-signed in-toto Statement v1 (predicate type <see cref="PredicateType"/>). Subjects
/// are the model (so a deployment can require an attestation for the file it deploys) and the metrics file.
/// </summary>
internal static class EvalAttestation
{
    public const string PredicateType = "https://bulwark.dev/attestations/eval-gate/v1";

    public static byte[] Sign(EvalAttestationInputs inputs, ScanReport report, int exit, string keyPath, CancellationToken cancellationToken)
    {
        using var key = PemKeys.LoadPrivateKey(File.ReadAllText(keyPath));
        var metricsDigest = ArtifactHasher.Sha256(inputs.Metrics.Path, cancellationToken);
        var subjects = ModelSubjects(inputs).Append(new AttestedSubject(Path.GetFileName(inputs.Metrics.Path), metricsDigest)).ToList();
        var baselineDigest = ArtifactHasher.Sha256(inputs.Baseline.Path, cancellationToken);
        var rulesDigest = inputs.RulesPath is { } rules ? ArtifactHasher.Sha256(rules, cancellationToken) : null;
        return StatementAttester.Attest(subjects, PredicateType, json =>
        {
            json.WriteStartObject();
            GateVerdictJson.WriteVerdict(json, report, exit);
            json.WriteString("modelCheck", inputs.Released.Count == 0 ? "none" : report.Findings.Any(f => f.RuleId == EvalRules.ModelMismatch.Id) ? "failed" : "passed");
            WriteFile(json, "evaluation", inputs.Metrics.Path, metricsDigest, inputs.Metrics.ModelSha256);
            WriteFile(json, "baseline", inputs.Baseline.Path, baselineDigest, inputs.Baseline.ModelSha256);
            if (inputs.RulesPath is not null)
            {
                WriteFile(json, "rules", inputs.RulesPath, rulesDigest!, null);
            }
            json.WriteStartObject("metrics");
            foreach (var (name, value) in inputs.Metrics.Metrics.OrderBy(m => m.Key, StringComparer.Ordinal))
            {
                json.WriteNumber(name, value.Value);
            }
            json.WriteEndObject();
            json.WriteStartArray("benchmarks");
            foreach (var benchmark in inputs.Metrics.Benchmarks)
            {
                json.WriteStringValue(benchmark);
            }
            json.WriteEndArray();
            GateVerdictJson.WriteFindings(json, report, []);
            json.WriteEndObject();
        }, new EcdsaKeySigner(key));
    }

    /// <summary>The released model(s) the metrics matched; all of them when none matched; the recorded digest when no model was given.</summary>
    private static IEnumerable<AttestedSubject> ModelSubjects(EvalAttestationInputs inputs)
    {
        var recorded = inputs.Metrics.ModelSha256;
        if (inputs.Released.Count == 0)
        {
            return recorded is null ? [] : [new AttestedSubject(inputs.Metrics.ModelName ?? "model", recorded)];
        }
        var matched = inputs.Released.Where(m => recorded is not null && CryptographicOperations.FixedTimeEquals(m.Sha256, recorded)).ToList();
        return (matched.Count > 0 ? matched : inputs.Released).Select(m => new AttestedSubject(m.Name, m.Sha256));
    }

    private static void WriteFile(Utf8JsonWriter json, string name, string path, byte[] digest, byte[]? modelSha256)
    {
        json.WriteStartObject(name);
        json.WriteString("name", Path.GetFileName(path));
        json.WriteString("sha256", Convert.ToHexStringLower(digest));
        if (modelSha256 is not null)
        {
            json.WriteString("modelSha256", Convert.ToHexStringLower(modelSha256));
        }
        json.WriteEndObject();
    }
}
