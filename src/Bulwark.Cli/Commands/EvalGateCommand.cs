using System.CommandLine;
using System.Diagnostics;
using System.Security.Cryptography;
using Bulwark.Core.Configuration;
using Bulwark.Core.Files;
using Bulwark.Core.Findings;
using Bulwark.Core.Policy;
using Bulwark.Integrity.ModelSigning;
using Bulwark.Integrity.Provenance;
using Bulwark.Integrity.Signing;
using Bulwark.Ml.Evaluation;

namespace Bulwark.Cli.Commands;

/// <summary>
/// <c>bulwark eval gate --metrics M --baseline B [--rules gate.toml] [--model PATH | --provenance BUNDLE] [--key PEM --attest OUT]</c>:
/// checks a model's evaluation against thresholds and the approved baseline, requires benchmarks, and ties the metrics
/// to the released model by digest. With <c>--attest</c>, writes the verdict as a signed in-toto attestation whose
/// subjects are the model and the metrics file. Exit codes as in <see cref="ExitCodes"/>; default threshold <c>high</c>.
/// </summary>
internal sealed class EvalGateCommand(TextWriter output, TextWriter error)
{
    public const string DefaultFailOn = "high";

    private readonly GateOptions _gate = new();
    private readonly Option<string> _metrics = new("--metrics") { Description = "The new model's evaluation (JSON, schema in docs/data-checks.md)", Required = true };
    private readonly Option<string> _baseline = new("--baseline") { Description = "The approved model's evaluation, same schema", Required = true };
    private readonly Option<string?> _rules = new("--rules") { Description = "Gate rules (TOML): thresholds, allowed regressions, required benchmarks" };
    private readonly Option<string?> _model = new("--model") { Description = "The model file being released: the metrics' model.sha256 must be its SHA-256" };
    private readonly Option<string?> _provenance = new("--provenance") { Description = "SLSA provenance bundle (bulwark attest provenance): the metrics' model.sha256 must be one of its subjects" };
    private readonly Option<string?> _provenanceKey = new("--provenance-key")
    {
        Description = "Public key (PEM) the --provenance bundle must be signed with; without it the provenance is not authenticated",
    };
    private readonly Option<string?> _key = new("--key") { Description = "ECDSA private key (PEM) that signs the --attest attestation" };
    private readonly Option<string?> _attest = new("--attest") { Description = "Write the verdict as a signed in-toto attestation (Sigstore bundle) here" };
    private readonly Option<string?> _findingsBaseline = new("--findings-baseline") { Description = "Ignore findings whose fingerprints are in this file (written by --write-baseline)" };

    public Command Build()
    {
        var command = new Command("gate", "Gate a model on its evaluation: thresholds, regressions per metric and data slice, required benchmarks, metrics tied to the model");
        foreach (var option in new Option[] { _metrics, _baseline, _rules, _model, _provenance, _provenanceKey, _key, _attest, _findingsBaseline })
        {
            command.Options.Add(option);
        }
        // --baseline means the approved evaluation here, so the findings baseline has its own name.
        foreach (var option in new Option[] { _gate.Format, _gate.Output, _gate.FailOn, _gate.WriteBaseline, _gate.NoProgress })
        {
            command.Options.Add(option);
        }
        command.SetAction((parse, cancellationToken) => Task.FromResult(Run(parse, cancellationToken)));
        return command;
    }

    private int Run(ParseResult parse, CancellationToken cancellationToken)
    {
        var attestPath = parse.GetValue(_attest);
        var keyPath = parse.GetValue(_key);
        if ((attestPath is null) != (keyPath is null))
        {
            return Usage(attestPath is null ? "--key needs --attest" : "--attest needs --key (the private key that signs it)");
        }
        if (parse.GetValue(_model) is not null && parse.GetValue(_provenance) is not null)
        {
            return Usage("give --model or --provenance, not both");
        }
        if (parse.GetValue(_provenanceKey) is not null && parse.GetValue(_provenance) is null)
        {
            return Usage("--provenance-key needs --provenance");
        }
        var started = Stopwatch.GetTimestamp();
        try
        {
            var findingsBaseline = parse.GetValue(_findingsBaseline) is { } b ? Baseline.Load(b) : null;
            var rules = parse.GetValue(_rules) is { } rulesPath ? EvalGateRulesReader.Load(rulesPath) : EvalGateRules.Default;
            var metrics = EvalMetricsReader.Load(parse.GetValue(_metrics)!);
            var approved = EvalMetricsReader.Load(parse.GetValue(_baseline)!);
            var released = ReleasedModels(parse, cancellationToken, out var verification);
            if (verification is { Valid: false } failed)
            {
                // A provenance that does not verify with the key says nothing about which model was released.
                error.WriteLine($"bulwark: {parse.GetValue(_provenance)}: provenance not authenticated ({failed.Failure.ToString().ToLowerInvariant()}): {failed.Reason}");
                return ExitCodes.Findings;
            }
            var report = new EvalGate(rules).Run(metrics, approved, released, Stopwatch.GetElapsedTime(started));
            if (parse.GetValue(_provenance) is { } provenancePath)
            {
                var notice = verification is null
                    ? new Notice(NoticeLevel.Warning, provenancePath, "the provenance was not authenticated (no --provenance-key): its subjects are trusted as written")
                    : new Notice(NoticeLevel.Info, provenancePath, "the provenance's signature was verified with --provenance-key");
                report = report with { Notices = [.. report.Notices, notice] };
            }
            var exit = GateReport.Finish(report, parse, _gate, parse.GetValue(_gate.FailOn) ?? DefaultFailOn, findingsBaseline, output, error);
            if (attestPath is not null)
            {
                var inputs = new EvalAttestationInputs(metrics, approved, released, parse.GetValue(_rules));
                AtomicFile.Write(attestPath, EvalAttestation.Sign(inputs, report, exit, keyPath!, cancellationToken));
            }
            return exit;
        }
        catch (Exception ex) when (ex is ConfigException or BaselineException or EvalInputException or KeyFormatException or IOException or UnauthorizedAccessException or CryptographicException)
        {
            return Usage(ex.Message);
        }
    }

    /// <param name="verification">With --provenance-key, the signature check's outcome; null when nothing was authenticated.</param>
    private List<ReleasedModel> ReleasedModels(ParseResult parse, CancellationToken cancellationToken, out ProvenanceVerificationResult? verification)
    {
        verification = null;
        if (parse.GetValue(_model) is { } model)
        {
            if (Directory.Exists(model))
            {
                throw new EvalInputException($"{model}: is a folder; give the model file, or --provenance naming the released files");
            }
            if (!File.Exists(model))
            {
                throw new EvalInputException($"{model}: file not found");
            }
            return [new ReleasedModel(model, Path.GetFileName(model), ArtifactHasher.Sha256(model, cancellationToken))];
        }
        if (parse.GetValue(_provenance) is not { } provenance)
        {
            return [];
        }
        if (!File.Exists(provenance))
        {
            throw new EvalInputException($"{provenance}: file not found");
        }
        if (new FileInfo(provenance).Length > ProvenanceReader.MaxStatementBytes * 2L)
        {
            throw new EvalInputException($"{provenance}: larger than a provenance bundle can be");
        }
        var bytes = File.ReadAllBytes(provenance);
        ProvenanceStatement? statement;
        if (parse.GetValue(_provenanceKey) is { } keyPath)
        {
            var verifier = new EcdsaKeyVerifier(PemKeys.LoadPublicKey(File.ReadAllText(keyPath)));
            verification = ProvenanceVerifier.VerifyStatement(bytes, verifier, new ProvenanceExpectations());
            if (!verification.Valid)
            {
                return [];
            }
            statement = verification.Statement!;
        }
        else
        {
            var (bundle, bundleError) = ModelSignatureVerifier.ReadEnvelope(bytes);
            if (bundle is null)
            {
                throw new EvalInputException($"{provenance}: {bundleError}");
            }
            (statement, var statementError) = ProvenanceReader.Read(bundle.Envelope.Payload);
            if (statement is null)
            {
                throw new EvalInputException($"{provenance}: {statementError}");
            }
        }
        var subjects = statement.Subjects.Where(s => s.Sha256 is not null).Select(s => new ReleasedModel($"{provenance} subject '{s.Name}'", s.Name, s.Sha256!)).ToList();
        return subjects.Count > 0 ? subjects : throw new EvalInputException($"{provenance}: no subject has a sha256 digest");
    }

    private int Usage(string message)
    {
        error.WriteLine($"bulwark: {message}");
        return ExitCodes.UsageError;
    }
}
