using System.CommandLine;
using Bulwark.Integrity.Hashing;
using Bulwark.Integrity.ModelSigning;
using Bulwark.Integrity.Signing;

namespace Bulwark.Cli.Commands;

/// <summary>
/// <c>bulwark verify MODEL_PATH --signature F (--key PUB.pem | --cert-chain ROOTS.pem)</c>: checks the bundle,
/// the signature (or the certificate chain) and the statement, then re-hashes the model and names every added,
/// removed or modified file. Exit 0 only on a full match, 1 when verification fails, 2 on bad input.
/// </summary>
internal static class VerifyCommand
{
    public static Command Build(TextWriter output, TextWriter error)
    {
        var path = new Argument<string>("MODEL_PATH") { Description = "Model folder or file" };
        var signature = new Option<string>("--signature") { Description = "The bundle written by sign", DefaultValueFactory = _ => "model.sig" };
        var key = new Option<string?>("--key") { Description = "ECDSA public key (PEM) the model was signed with" };
        var chain = new Option<string?>("--cert-chain") { Description = "Trusted CA certificates (PEM): the bundle's chain must lead to one of them" };
        var ignoreUnsigned = new Option<bool>("--ignore-unsigned-files") { Description = "Do not report files that the signature does not cover" };
        var shared = new SigningOptions(withMethod: false);
        var command = new Command("verify", "Verify a signed model: signature, statement, and every file's digest");
        command.Arguments.Add(path);
        command.Options.Add(signature);
        command.Options.Add(key);
        command.Options.Add(chain);
        command.Options.Add(ignoreUnsigned);
        command.Options.Add(shared.IgnorePaths);
        command.SetAction((parse, cancellationToken) =>
        {
            var keyPath = parse.GetValue(key);
            var chainPath = parse.GetValue(chain);
            if ((keyPath is null) == (chainPath is null))
            {
                error.WriteLine("bulwark: give exactly one of --key and --cert-chain");
                return Task.FromResult(ExitCodes.UsageError);
            }
            IVerifier verifier;
            byte[] bundle;
            try
            {
                verifier = keyPath is not null
                    ? new EcdsaKeyVerifier(PemKeys.LoadPublicKey(File.ReadAllText(keyPath)))
                    : new CertificateChainVerifier(TrustedRoots.FromPem(File.ReadAllText(chainPath!)));
                bundle = File.ReadAllBytes(parse.GetValue(signature)!);
            }
            catch (Exception ex) when (ex is KeyFormatException or IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException)
            {
                error.WriteLine($"bulwark: {ex.Message}");
                return Task.FromResult(ExitCodes.UsageError);
            }
            var model = parse.GetValue(path)!;
            if (!File.Exists(model) && !Directory.Exists(model))
            {
                error.WriteLine($"bulwark: {model}: no such file or directory");
                return Task.FromResult(ExitCodes.UsageError);
            }
            var result = ModelSignatureVerifier.Verify(model, bundle, verifier, new ModelHasher(), new ModelVerificationOptions
            {
                IgnorePaths = parse.GetValue(shared.IgnorePaths) ?? [],
                IgnoreUnsignedFiles = parse.GetValue(ignoreUnsigned),
                SignaturePath = parse.GetValue(signature),
            }, cancellationToken);
            if (result.Valid)
            {
                var files = result.Statement?.Resources.Count ?? 0;
                output.WriteLine($"Verified: signature good, {files} resource(s) match.");
                return Task.FromResult(ExitCodes.Clean);
            }
            error.WriteLine($"bulwark: verification failed ({result.Failure.ToString().ToLowerInvariant()}): {result.Reason}");
            foreach (var difference in result.Differences)
            {
                error.WriteLine($"  {difference.Kind.ToString().ToLowerInvariant(),-8} {difference.Path}");
            }
            return Task.FromResult(ExitCodes.Findings);
        });
        return command;
    }
}
