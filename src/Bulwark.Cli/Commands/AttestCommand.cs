using System.CommandLine;
using System.Security.Cryptography;
using Bulwark.Core.Files;
using Bulwark.Integrity.Provenance;
using Bulwark.Integrity.Signing;

namespace Bulwark.Cli.Commands;

/// <summary>
/// <c>bulwark attest provenance ARTIFACT... --builder-id URI --source-uri URI --source-digest ALG:HEX --key KEY.pem
/// [--cert LEAF.pem [--chain CHAIN.pem]] [--build-type URI] [--invocation-id ID] [--output provenance.sigstore.json]</c>:
/// SLSA v1 provenance for build artifacts, signed as a DSSE envelope in a Sigstore bundle (written atomically).
/// Exit 0 attested, 2 bad input.
/// </summary>
internal static class AttestCommand
{
    public static Command Build(TextWriter output, TextWriter error)
    {
        var command = new Command("attest", "Create signed attestations for build artifacts");
        command.Subcommands.Add(BuildProvenance(output, error));
        return command;
    }

    private static Command BuildProvenance(TextWriter output, TextWriter error)
    {
        var artifacts = new Argument<string[]>("ARTIFACT") { Description = "Build artifact files; each becomes one subject", Arity = ArgumentArity.OneOrMore };
        var builder = new Option<string>("--builder-id") { Description = "URI of the build platform (runDetails.builder.id)", Required = true };
        var sourceUri = new Option<string>("--source-uri") { Description = "URI of the source the build started from", Required = true };
        var sourceDigest = new Option<string>("--source-digest") { Description = "Source digest as ALG:HEX, e.g. gitCommit:<sha>", Required = true };
        var key = new Option<string>("--key") { Description = "ECDSA private key (PEM)", Required = true };
        var cert = new Option<string?>("--cert") { Description = "Signing certificate (PEM) for the key: the bundle carries the chain instead of a key hint" };
        var chain = new Option<string?>("--chain") { Description = "Intermediate certificates (PEM) to include after the leaf" };
        var buildType = new Option<string>("--build-type") { Description = "URI naming the build's parameters", DefaultValueFactory = _ => ProvenanceStatement.DefaultBuildType };
        var invocation = new Option<string?>("--invocation-id") { Description = "Identifier of this build run (runDetails.metadata.invocationId)" };
        var outputPath = new Option<string>("--output") { Description = "Where to write the bundle", DefaultValueFactory = _ => "provenance.sigstore.json" };
        var command = new Command("provenance", "SLSA v1 provenance for build artifacts (in-toto statement, DSSE, Sigstore bundle)");
        command.Arguments.Add(artifacts);
        foreach (var option in new Option[] { builder, sourceUri, sourceDigest, key, cert, chain, buildType, invocation, outputPath })
        {
            command.Options.Add(option);
        }
        command.SetAction((parse, cancellationToken) =>
        {
            if (parse.GetValue(chain) is not null && parse.GetValue(cert) is null)
            {
                return Task.FromResult(Fail(error, "--chain needs --cert"));
            }
            var (digest, digestError) = SourceDigest.Parse(parse.GetValue(sourceDigest)!);
            if (digest is not { } sourceHash)
            {
                return Task.FromResult(Fail(error, digestError!));
            }
            var target = parse.GetValue(outputPath)!;
            var request = new ProvenanceRequest(parse.GetValue(artifacts)!, parse.GetValue(builder)!,
                new ProvenanceSource(parse.GetValue(sourceUri)!, new Dictionary<string, string> { [sourceHash.Key] = sourceHash.Value }))
            {
                BuildType = parse.GetValue(buildType)!,
                InvocationId = parse.GetValue(invocation),
            };
            try
            {
                using var privateKey = PemKeys.LoadPrivateKey(File.ReadAllText(parse.GetValue(key)!));
                var bundle = ProvenanceAttester.Attest(request, SignerFiles.Load(privateKey, parse.GetValue(cert), parse.GetValue(chain)), TimeProvider.System, cancellationToken);
                AtomicFile.Write(target, bundle);
                output.WriteLine($"Attested {request.Artifacts.Count} artifact(s) → {target}");
                return Task.FromResult(ExitCodes.Clean);
            }
            catch (Exception ex) when (ex is KeyFormatException or IOException or UnauthorizedAccessException or CryptographicException or ArgumentException)
            {
                return Task.FromResult(Fail(error, ex.Message));
            }
        });
        return command;
    }

    private static int Fail(TextWriter error, string message)
    {
        error.WriteLine($"bulwark: {message}; nothing was written");
        return ExitCodes.UsageError;
    }
}
