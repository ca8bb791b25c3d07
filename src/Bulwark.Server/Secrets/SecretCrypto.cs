using Bulwark.Integrity.Encryption;

namespace Bulwark.Server.Secrets;

/// <summary>Seals a value into a <see cref="SecretVersion"/> and opens it again, with the row's own associated data.</summary>
internal static class SecretCrypto
{
    public static SecretVersion Seal(StoredSecret secret, int version, ReadOnlySpan<byte> value, KeyEncryptionKey kek, string by, DateTime at)
    {
        var sealedValue = EnvelopeCipher.Seal(value, SecretContext.For(secret, version), kek);
        return new SecretVersion
        {
            SecretId = secret.Id,
            Version = version,
            Ciphertext = sealedValue.Ciphertext,
            Nonce = sealedValue.Nonce,
            Tag = sealedValue.Tag,
            WrappedKey = sealedValue.WrappedKey,
            WrapNonce = sealedValue.WrapNonce,
            MasterKeyId = sealedValue.KeyId,
            CreatedBy = by,
            CreatedAt = at,
        };
    }

    /// <summary>The plaintext bytes; the caller zeroes them.</summary>
    /// <exception cref="EnvelopeException">The row was altered or moved.</exception>
    public static byte[] Open(StoredSecret secret, SecretVersion row, SecretKeyRing keys) =>
        EnvelopeCipher.Open(Sealed(row), SecretContext.For(secret, row.Version), keys.Find(row.MasterKeyId));

    public static SealedValue Sealed(SecretVersion row) =>
        new(row.Ciphertext, row.Nonce, row.Tag, row.WrappedKey, row.WrapNonce, row.MasterKeyId);
}
