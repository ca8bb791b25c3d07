using System.CommandLine;
using Bulwark.Integrity.Signing;

namespace Bulwark.Cli.Commands;

/// <summary>
/// <c>bulwark keygen --private-key F --public-key F [--curve p256|p384|p521]</c>: an ECDSA key pair for model
/// signing; the private key is PKCS#8 PEM with mode 0600. Never overwrites a file (exit 2).
/// </summary>
internal static class KeygenCommand
{
    public static Command Build(TextWriter output, TextWriter error)
    {
        var privateKey = new Option<string>("--private-key") { Description = "Where to write the private key (PKCS#8 PEM, mode 0600)", Required = true };
        var publicKey = new Option<string>("--public-key") { Description = "Where to write the public key (SubjectPublicKeyInfo PEM)", Required = true };
        var curve = new Option<string>("--curve") { Description = "p256 (default), p384 or p521", DefaultValueFactory = _ => "p256" };
        var command = new Command("keygen", "Create an ECDSA key pair for signing models and attestations");
        command.Options.Add(privateKey);
        command.Options.Add(publicKey);
        command.Options.Add(curve);
        command.SetAction(parse =>
        {
            if (!EcCurves.TryParse(parse.GetValue(curve) ?? "p256", out var chosen))
            {
                error.WriteLine($"bulwark: --curve: '{parse.GetValue(curve)}' is not p256, p384 or p521");
                return ExitCodes.UsageError;
            }
            var privatePath = parse.GetValue(privateKey)!;
            var publicPath = parse.GetValue(publicKey)!;
            foreach (var path in (string[])[privatePath, publicPath])
            {
                if (File.Exists(path))
                {
                    error.WriteLine($"bulwark: {path} exists; keygen never overwrites a key");
                    return ExitCodes.UsageError;
                }
            }
            var pair = KeyGenerator.Generate(chosen);
            try
            {
                KeyFiles.WritePrivate(privatePath, pair.PrivateKeyPem);
                KeyFiles.WritePublic(publicPath, pair.PublicKeyPem);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                error.WriteLine($"bulwark: cannot write the key pair ({ex.Message})");
                return ExitCodes.UsageError;
            }
            output.WriteLine($"Wrote {privatePath} (private, 0600) and {publicPath} (public)");
            return ExitCodes.Clean;
        });
        return command;
    }
}
