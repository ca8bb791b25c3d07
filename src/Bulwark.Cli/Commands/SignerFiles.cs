using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Bulwark.Integrity.Signing;

namespace Bulwark.Cli.Commands;

/// <summary>The signer <c>sign</c> and <c>attest</c> build from their key, certificate and chain files.</summary>
internal static class SignerFiles
{
    /// <summary>A key signer, or a certificate signer when <paramref name="certPath"/> is given (plus optional intermediates).</summary>
    public static ISigner Load(ECDsa privateKey, string? certPath, string? chainPath)
    {
        if (certPath is null)
        {
            return new EcdsaKeySigner(privateKey);
        }
        var intermediates = new X509Certificate2Collection();
        if (chainPath is not null)
        {
            intermediates.ImportFromPem(File.ReadAllText(chainPath));
        }
        return new CertificateSigner(privateKey, X509Certificate2.CreateFromPem(File.ReadAllText(certPath)), [.. intermediates]);
    }
}
