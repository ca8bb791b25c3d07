using System.Security.Cryptography;
using System.Text;

namespace Bulwark.Integrity.Signing;

/// <summary>
/// Loads ECDSA keys from PEM text (text around the PEM block, as <c>certtool</c> writes, is allowed) and renders
/// public keys the way the reference implementation does, which matters for the Sigstore key hint.
/// </summary>
internal static class PemKeys
{
    private const int MaxPemChars = 64 * 1024;

    /// <exception cref="KeyFormatException">Not a PEM private key, encrypted, not ECDSA, or an unsupported curve.</exception>
    public static ECDsa LoadPrivateKey(string pemText)
    {
        var (label, der) = FindBlock(pemText, "private key");
        var key = ECDsa.Create();
        try
        {
            switch (label)
            {
                case "PRIVATE KEY":
                    key.ImportPkcs8PrivateKey(der, out _);
                    break;
                case "EC PRIVATE KEY":
                    key.ImportECPrivateKey(der, out _);
                    break;
                case "ENCRYPTED PRIVATE KEY":
                    throw new KeyFormatException("encrypted private keys are not supported; decrypt it first (openssl pkcs8)");
                case "RSA PRIVATE KEY":
                    throw new KeyFormatException("RSA keys are not supported; model signing uses ECDSA (P-256, P-384 or P-521)");
                default:
                    throw new KeyFormatException($"expected a PEM private key, found '{label}'");
            }
        }
        catch (CryptographicException ex)
        {
            key.Dispose();
            throw new KeyFormatException(DescribeForeignPkcs8(der) ?? "the private key is garbled or not an ECDSA key", ex);
        }
        catch (KeyFormatException)
        {
            key.Dispose();
            throw;
        }
        return CheckCurve(key);
    }

    /// <exception cref="KeyFormatException">Not a PEM public key, not ECDSA, or an unsupported curve.</exception>
    public static ECDsa LoadPublicKey(string pemText)
    {
        var (label, der) = FindBlock(pemText, "public key");
        if (label != "PUBLIC KEY")
        {
            throw new KeyFormatException($"expected a PEM public key (BEGIN PUBLIC KEY), found '{label}'");
        }
        var key = ECDsa.Create();
        try
        {
            key.ImportSubjectPublicKeyInfo(der, out _);
        }
        catch (CryptographicException ex)
        {
            key.Dispose();
            using var rsa = RSA.Create();
            var isRsa = TryImport(() => rsa.ImportSubjectPublicKeyInfo(der, out _));
            throw new KeyFormatException(isRsa
                ? "RSA keys are not supported; model signing uses ECDSA (P-256, P-384 or P-521)"
                : "the public key is garbled or not an ECDSA key", ex);
        }
        return CheckCurve(key);
    }

    /// <summary>SubjectPublicKeyInfo PEM with a final newline: byte for byte what the reference writes and hashes.</summary>
    public static string PublicKeyPem(ECDsa key) => key.ExportSubjectPublicKeyInfoPem() + "\n";

    /// <summary>The Sigstore <c>publicKey.hint</c>: lower-case hex SHA-256 of <see cref="PublicKeyPem"/>'s UTF-8 bytes.</summary>
    public static string Hint(ECDsa key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(PublicKeyPem(key))));

    private static (string Label, byte[] Der) FindBlock(string pemText, string what)
    {
        if (pemText.Length > MaxPemChars)
        {
            throw new KeyFormatException($"the {what} file is larger than {MaxPemChars} characters");
        }
        if (!PemEncoding.TryFind(pemText, out var fields))
        {
            throw new KeyFormatException($"no PEM {what} found (expected -----BEGIN ...----- / -----END ...-----)");
        }
        var label = pemText[fields.Label].ToString();
        var der = new byte[fields.DecodedDataLength];
        if (!Convert.TryFromBase64Chars(pemText.AsSpan(fields.Base64Data), der, out var written) || written != der.Length)
        {
            throw new KeyFormatException($"the PEM {what} has invalid base64");
        }
        return (label, der);
    }

    private static ECDsa CheckCurve(ECDsa key)
    {
        if (EcCurves.HashFor(key) is null)
        {
            var size = key.KeySize;
            key.Dispose();
            throw new KeyFormatException($"unsupported ECDSA key size {size}; use P-256, P-384 or P-521");
        }
        return key;
    }

    private static string? DescribeForeignPkcs8(byte[] der)
    {
        using var rsa = RSA.Create();
        return TryImport(() => rsa.ImportPkcs8PrivateKey(der, out _))
            ? "RSA keys are not supported; model signing uses ECDSA (P-256, P-384 or P-521)"
            : null;
    }

    private static bool TryImport(Action import)
    {
        try
        {
            import();
            return true;
        }
        catch (CryptographicException)
        {
            return false;
        }
    }
}
