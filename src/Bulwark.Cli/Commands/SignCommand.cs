using System.CommandLine;
using System.Security.Cryptography;
using Bulwark.Core.Files;
using Bulwark.Integrity.Hashing;
using Bulwark.Integrity.ModelSigning;
using Bulwark.Integrity.Signing;

namespace Bulwark.Cli.Commands;

/// <summary>
/// <c>bulwark sign MODEL_PATH --key KEY.pem [--cert LEAF.pem --chain CHAIN.pem] [--signature model.sig]</c>: an
/// OpenSSF model-signing (OMS v1.0) Sigstore bundle over every file's digest. The bundle is written only when
/// signing succeeded (atomically). Exit 0 signed, 2 bad input.
/// </summary>
internal static class SignCommand
{
    public static Command Build(TextWriter output, TextWriter error)
    {
        var path = new Argument<string>("MODEL_PATH") { Description = "Model folder or file" };
        var key = new Option<string>("--key") { Description = "ECDSA private key (PEM)", Required = true };
        var cert = new Option<string?>("--cert") { Description = "Signing certificate (PEM) for the key: the bundle carries the chain instead of a key hint" };
        var chain = new Option<string?>("--chain") { Description = "Intermediate certificates (PEM) to include after the leaf" };
        var signature = new Option<string>("--signature") { Description = "Where to write the bundle", DefaultValueFactory = _ => "model.sig" };
        var shared = new SigningOptions(withMethod: true);
        var command = new Command("sign", "Sign a model folder or file (OpenSSF model signing: Sigstore bundle with a DSSE in-toto statement)");
        command.Arguments.Add(path);
        command.Options.Add(key);
        command.Options.Add(cert);
        command.Options.Add(chain);
        command.Options.Add(signature);
        shared.AddTo(command);
        command.SetAction((parse, cancellationToken) =>
        {
            var model = parse.GetValue(path)!;
            var signaturePath = parse.GetValue(signature)!;
            if (parse.GetValue(chain) is not null && parse.GetValue(cert) is null)
            {
                return Task.FromResult(Fail(error, "--chain needs --cert"));
            }
            try
            {
                using var privateKey = PemKeys.LoadPrivateKey(File.ReadAllText(parse.GetValue(key)!));
                var signer = SignerFiles.Load(privateKey, parse.GetValue(cert), parse.GetValue(chain));
                var bundle = ModelSigner.Sign(model, signaturePath, signer, new ModelHasher(), shared.Read(parse), cancellationToken);
                AtomicFile.Write(signaturePath, bundle);
                output.WriteLine($"Signed {model} → {signaturePath}");
                return Task.FromResult(ExitCodes.Clean);
            }
            catch (Exception ex) when (ex is KeyFormatException or ModelHashingException or IOException or UnauthorizedAccessException or CryptographicException or ArgumentException)
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
