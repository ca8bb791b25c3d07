using System.Security.Cryptography;
using System.Text;
using Bulwark.Server.Configuration;

namespace Bulwark.Server.Projects;

/// <summary>
/// Each project's webhook secret: 32 random bytes shown once as hex, stored AES-256-GCM encrypted under a key
/// derived from the master key, with the project id as associated data so a ciphertext moved to another
/// project's row does not decrypt. The server needs the plaintext back to check HMAC signatures.
/// </summary>
internal sealed class WebhookSecrets(MasterKey masterKey)
{
    private const int NonceBytes = 12;
    private const int TagBytes = 16;
    private readonly byte[] _key = masterKey.Derive("webhook-secrets");

    public (string Plaintext, byte[] Ciphertext) Generate(Guid projectId)
    {
        var secret = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        return (secret, Encrypt(projectId, secret));
    }

    public byte[] Encrypt(Guid projectId, string secret)
    {
        var plaintext = Encoding.UTF8.GetBytes(secret);
        var output = new byte[NonceBytes + TagBytes + plaintext.Length];
        var nonce = output.AsSpan(0, NonceBytes);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_key, TagBytes);
        aes.Encrypt(nonce, plaintext, output.AsSpan(NonceBytes + TagBytes), output.AsSpan(NonceBytes, TagBytes), projectId.ToByteArray());
        return output;
    }

    /// <summary>The secret, or null when the ciphertext is damaged or belongs to another project.</summary>
    public string? Decrypt(Guid projectId, byte[] ciphertext)
    {
        if (ciphertext.Length < NonceBytes + TagBytes)
        {
            return null;
        }
        var plaintext = new byte[ciphertext.Length - NonceBytes - TagBytes];
        try
        {
            using var aes = new AesGcm(_key, TagBytes);
            aes.Decrypt(ciphertext.AsSpan(0, NonceBytes), ciphertext.AsSpan(NonceBytes + TagBytes), ciphertext.AsSpan(NonceBytes, TagBytes), plaintext, projectId.ToByteArray());
            return Encoding.UTF8.GetString(plaintext);
        }
        catch (AuthenticationTagMismatchException)
        {
            return null;
        }
    }
}
