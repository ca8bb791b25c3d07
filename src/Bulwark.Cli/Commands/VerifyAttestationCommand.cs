using System.CommandLine;
using System.Security.Cryptography;
using Bulwark.Integrity.Provenance;
using Bulwark.Integrity.Signing;

namespace Bulwark.Cli.Commands;

/// <summary>
/// <c>bulwark verify-attestation ARTIFACT... --attestation F (--key PUB.pem | --cert-chain ROOTS.pem) [--builder-id URI]
/// [--source-uri URI]</c>: checks the bundle, its signature, the statement and predicate types, the expected builder and
/// source, and that every artifact's SHA-256 is a subject. Exit 0 only when all pass, 1 when a check fails, 2 on bad input.
/// </summary>
internal static class VerifyAttestationCommand
{
    public static Command Build(TextWriter output, TextWriter error)
    {
        var artifacts = new Argument<string[]>("ARTIFACT") { Description = "Artifact files that must be subjects of the provenance", Arity = ArgumentArity.OneOrMore };
        var attestation = new Option<string>("--attestation") { Description = "The bundle written by attest provenance", Required = true };
        var key = new Option<string?>("--key") { Description = "ECDSA public key (PEM) the provenance was signed with" };
        var chain = new Option<string?>("--cert-chain") { Description = "Trusted CA certificates (PEM): the bundle's chain must lead to one of them" };
        var builder = new Option<string?>("--builder-id") { Description = "Require exactly this builder id" };
        var source = new Option<string?>("--source-uri") { Description = "Require exactly this source uri" };
        var predicateType = new Option<string?>("--predicate-type") { Description = "Verify a gate attestation with this predicate type instead of SLSA provenance (e.g. https://bulwark.dev/attestations/eval-gate/v1); a verdict other than pass fails" };
        var command = new Command("verify-attestation", "Verify build artifacts against signed SLSA v1 provenance");
        command.Arguments.Add(artifacts);
        foreach (var option in new Option[] { attestation, key, chain, builder, source, predicateType })
        {
            command.Options.Add(option);
        }
        command.SetAction((parse, cancellationToken) =>
        {
            var keyPath = parse.GetValue(key);
            var chainPath = parse.GetValue(chain);
            if ((keyPath is null) == (chainPath is null))
            {
                error.WriteLine("bulwark: give exactly one of --key and --cert-chain");
                return Task.FromResult(ExitCodes.UsageError);
            }
            var files = parse.GetValue(artifacts)!;
            IVerifier verifier;
            byte[] bundle;
            try
            {
                verifier = keyPath is not null
                    ? new EcdsaKeyVerifier(PemKeys.LoadPublicKey(File.ReadAllText(keyPath)))
                    : new CertificateChainVerifier(TrustedRoots.FromPem(File.ReadAllText(chainPath!)));
                bundle = File.ReadAllBytes(parse.GetValue(attestation)!);
            }
            catch (Exception ex) when (ex is KeyFormatException or IOException or UnauthorizedAccessException or CryptographicException)
            {
                error.WriteLine($"bulwark: {ex.Message}");
                return Task.FromResult(ExitCodes.UsageError);
            }
            foreach (var file in files)
            {
                if (!File.Exists(file))
                {
                    error.WriteLine($"bulwark: {file}: no such file");
                    return Task.FromResult(ExitCodes.UsageError);
                }
            }
            if (parse.GetValue(predicateType) is { } type && type != ProvenanceStatement.PredicateType)
            {
                return Task.FromResult(GateAttestation.Verify(bundle, files, verifier, type, parse.GetValue(builder) ?? parse.GetValue(source), output, error, cancellationToken));
            }
            var result = ProvenanceVerifier.Verify(bundle, files, verifier,
                new ProvenanceExpectations(parse.GetValue(builder), parse.GetValue(source)), cancellationToken);
            if (!result.Valid)
            {
                error.WriteLine($"bulwark: verification failed ({result.Failure.ToString().ToLowerInvariant()}): {result.Reason}");
                return Task.FromResult(ExitCodes.Findings);
            }
            output.WriteLine($"Verified: signature good, builder {result.Statement!.BuilderId}, {files.Length} artifact(s) attested.");
            for (var i = 0; i < files.Length; i++)
            {
                output.WriteLine($"  {files[i]} = subject {result.MatchedSubjects[i]}");
            }
            return Task.FromResult(ExitCodes.Clean);
        });
        return command;
    }
}
