using System.CommandLine;
using System.Security.Cryptography;
using System.Text.Json;
using Bulwark.Core.Files;
using Bulwark.Core.Findings;
using Bulwark.Integrity.Attestations;
using Bulwark.Integrity.Hashing;
using Bulwark.Integrity.Manifests;
using Bulwark.Integrity.ModelSigning;
using Bulwark.Integrity.Provenance;
using Bulwark.Integrity.Signing;

namespace Bulwark.Cli.Commands;

/// <summary>
/// Trust around the data gate: <c>--manifest/--signature/--key</c> check the files against a signed dataset
/// manifest before anything is read; <c>--attest FILE --attest-key KEY</c> writes the verdict as a signed in-toto
/// statement whose subjects are the data files.
/// </summary>
internal sealed class DatasetTrustOptions
{
    public const string PredicateType = "https://bulwark.dev/attestations/data-check/v1";

    public Option<string?> Manifest { get; } = new("--manifest") { Description = "A dataset manifest (bulwark manifest create) the files must match" };

    public Option<string?> Signature { get; } = new("--signature") { Description = "The manifest's signature bundle (bulwark sign MANIFEST)" };

    public Option<string?> Key { get; } = new("--key") { Description = "Public key (PEM) the manifest was signed with" };

    public Option<string?> AttestPath { get; } = new("--attest") { Description = "Also write the verdict as a signed in-toto attestation (Sigstore bundle) here" };

    public Option<string?> AttestKey { get; } = new("--attest-key") { Description = "ECDSA private key (PEM) that signs the attestation" };

    public void AddTo(Command command)
    {
        command.Options.Add(Manifest);
        command.Options.Add(Signature);
        command.Options.Add(Key);
        command.Options.Add(AttestPath);
        command.Options.Add(AttestKey);
    }

    /// <summary>Null when there is no manifest or every file matches it; otherwise the exit code (1 mismatch, 2 bad input).</summary>
    public int? Verify(ParseResult parse, IReadOnlyList<string> files, TextWriter error, CancellationToken cancellationToken)
    {
        if (parse.GetValue(Manifest) is not { } manifestPath)
        {
            if (parse.GetValue(Signature) is not null || parse.GetValue(Key) is not null)
            {
                return Fail(error, ExitCodes.UsageError, "--signature and --key need --manifest");
            }
            return null;
        }
        if (parse.GetValue(Signature) is not { } signaturePath || parse.GetValue(Key) is not { } keyPath)
        {
            return Fail(error, ExitCodes.UsageError, "--manifest needs --signature and --key: an unsigned manifest proves nothing");
        }
        ModelVerificationResult signed;
        try
        {
            var verifier = new EcdsaKeyVerifier(PemKeys.LoadPublicKey(File.ReadAllText(keyPath)));
            signed = ModelSignatureVerifier.Verify(manifestPath, File.ReadAllBytes(signaturePath), verifier, new ModelHasher(),
                new ModelVerificationOptions { SignaturePath = signaturePath }, cancellationToken);
        }
        catch (Exception ex) when (ex is KeyFormatException or IOException or UnauthorizedAccessException or CryptographicException)
        {
            return Fail(error, ExitCodes.UsageError, ex.Message);
        }
        if (!signed.Valid)
        {
            return Fail(error, ExitCodes.Findings, $"the manifest's signature does not verify ({signed.Failure.ToString().ToLowerInvariant()}): {signed.Reason}");
        }
        var loaded = DatasetManifestReader.Load(manifestPath);
        if (loaded.Manifest is null)
        {
            return Fail(error, ExitCodes.UsageError, loaded.Error!);
        }
        foreach (var file in files)
        {
            var name = Path.GetFileName(file);
            var entries = loaded.Manifest.Files.Where(f => f.Path == name || f.Path.EndsWith("/" + name, StringComparison.Ordinal) || f.Path == ".").ToList();
            if (entries.Count == 0)
            {
                return Fail(error, ExitCodes.Findings, $"{file}: not in the signed manifest {manifestPath}");
            }
            byte[] digest;
            try
            {
                digest = ArtifactHasher.Sha256(file, cancellationToken);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                return Fail(error, ExitCodes.UsageError, $"{file}: {ex.Message}");
            }
            if (!entries.Any(e => CryptographicOperations.FixedTimeEquals(e.Sha256, digest)))
            {
                return Fail(error, ExitCodes.Findings, $"{file}: its SHA-256 {Convert.ToHexStringLower(digest)} differs from the signed manifest's: the file changed after it was approved");
            }
        }
        return null;
    }

    /// <summary>Writes the attestation when asked; null when done (or not asked), else the exit code for bad input.</summary>
    public int? Attest(ParseResult parse, ScanReport report, IReadOnlyList<string> files, int exit, TextWriter error, CancellationToken cancellationToken)
    {
        if (parse.GetValue(AttestPath) is not { } target)
        {
            return parse.GetValue(AttestKey) is null ? null : Fail(error, ExitCodes.UsageError, "--attest-key needs --attest");
        }
        if (parse.GetValue(AttestKey) is not { } keyPath)
        {
            return Fail(error, ExitCodes.UsageError, "--attest needs --attest-key");
        }
        try
        {
            using var key = PemKeys.LoadPrivateKey(File.ReadAllText(keyPath));
            var subjects = files.Select(f => new AttestedSubject(Path.GetFileName(f), ArtifactHasher.Sha256(f, cancellationToken))).ToList();
            var bundle = StatementAttester.Attest(subjects, PredicateType, json => WriteVerdict(json, report, exit), new EcdsaKeySigner(key));
            AtomicFile.Write(target, bundle);
            return null;
        }
        catch (Exception ex) when (ex is KeyFormatException or IOException or UnauthorizedAccessException or CryptographicException)
        {
            return Fail(error, ExitCodes.UsageError, ex.Message);
        }
    }

    private static void WriteVerdict(Utf8JsonWriter json, ScanReport report, int exit)
    {
        json.WriteStartObject();
        GateVerdictJson.WriteVerdict(json, report, exit);
        GateVerdictJson.WriteFindings(json, report, ["column", "token", "rowCount"]);
        json.WriteEndObject();
    }

    private static int Fail(TextWriter error, int code, string message)
    {
        error.WriteLine($"bulwark: {message}");
        return code;
    }
}
