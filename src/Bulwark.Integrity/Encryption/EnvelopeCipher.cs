using System.Security.Cryptography;
using System.Text;

namespace Bulwark.Integrity.Encryption;

/// <summary>
/// Envelope encryption: every value gets a fresh random 256-bit data key; the value is sealed with AES-256-GCM
/// (random 96-bit nonce, 128-bit tag) under the caller's associated data, and the data key is sealed the same
/// way under a key-encryption key. The wrap's associated data is a domain label followed by the value's, so a
/// wrapped key only opens in the context it was made for. Rotation (<see cref="Rewrap"/>) touches only the
/// wrapped key; the value's ciphertext stays as it is.
/// </summary>
internal static class EnvelopeCipher
{
    public const int NonceBytes = 12;
    public const int TagBytes = 16;
    public const int DataKeyBytes = 32;
    public const int WrappedKeyBytes = DataKeyBytes + TagBytes;
    private static readonly byte[] WrapLabel = Encoding.ASCII.GetBytes("bulwark/envelope/v1/data-key\0");

    public static SealedValue Seal(ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> associatedData, KeyEncryptionKey kek)
    {
        Span<byte> dataKey = stackalloc byte[DataKeyBytes];
        RandomNumberGenerator.Fill(dataKey);
        try
        {
            var nonce = RandomNumberGenerator.GetBytes(NonceBytes);
            var tag = new byte[TagBytes];
            var ciphertext = new byte[plaintext.Length];
            using (var aes = new AesGcm(dataKey, TagBytes))
            {
                aes.Encrypt(nonce, plaintext, ciphertext, tag, associatedData);
            }
            var (wrapped, wrapNonce) = Wrap(dataKey, associatedData, kek);
            return new SealedValue(ciphertext, nonce, tag, wrapped, wrapNonce, kek.Id);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(dataKey);
        }
    }

    /// <summary>The plaintext; the caller zeroes it when done.</summary>
    /// <exception cref="EnvelopeException">Wrong key, wrong associated data, or damaged bytes.</exception>
    public static byte[] Open(SealedValue sealedValue, ReadOnlySpan<byte> associatedData, KeyEncryptionKey kek)
    {
        CheckShape(sealedValue);
        Span<byte> dataKey = stackalloc byte[DataKeyBytes];
        try
        {
            Unwrap(sealedValue, associatedData, kek, dataKey);
            var plaintext = new byte[sealedValue.Ciphertext.Length];
            try
            {
                using var aes = new AesGcm(dataKey, TagBytes);
                aes.Decrypt(sealedValue.Nonce, sealedValue.Ciphertext, sealedValue.Tag, plaintext, associatedData);
                return plaintext;
            }
            catch (AuthenticationTagMismatchException)
            {
                throw new EnvelopeException("the value failed authentication: its ciphertext, nonce or tag was altered, or it belongs to another context");
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(dataKey);
        }
    }

    /// <summary>The same value with its data key moved from <paramref name="oldKek"/> to <paramref name="newKek"/>.</summary>
    /// <exception cref="EnvelopeException">The data key does not open under <paramref name="oldKek"/>.</exception>
    public static SealedValue Rewrap(SealedValue sealedValue, ReadOnlySpan<byte> associatedData, KeyEncryptionKey oldKek, KeyEncryptionKey newKek)
    {
        CheckShape(sealedValue);
        Span<byte> dataKey = stackalloc byte[DataKeyBytes];
        try
        {
            Unwrap(sealedValue, associatedData, oldKek, dataKey);
            var (wrapped, wrapNonce) = Wrap(dataKey, associatedData, newKek);
            return sealedValue with { WrappedKey = wrapped, WrapNonce = wrapNonce, KeyId = newKek.Id };
        }
        finally
        {
            CryptographicOperations.ZeroMemory(dataKey);
        }
    }

    private static (byte[] Wrapped, byte[] Nonce) Wrap(ReadOnlySpan<byte> dataKey, ReadOnlySpan<byte> associatedData, KeyEncryptionKey kek)
    {
        var nonce = RandomNumberGenerator.GetBytes(NonceBytes);
        var wrapped = new byte[WrappedKeyBytes];
        var context = WrapContext(associatedData);
        using var aes = new AesGcm(kek.Key, TagBytes);
        aes.Encrypt(nonce, dataKey, wrapped.AsSpan(0, DataKeyBytes), wrapped.AsSpan(DataKeyBytes), context);
        return (wrapped, nonce);
    }

    private static void Unwrap(SealedValue sealedValue, ReadOnlySpan<byte> associatedData, KeyEncryptionKey kek, Span<byte> dataKey)
    {
        try
        {
            using var aes = new AesGcm(kek.Key, TagBytes);
            aes.Decrypt(sealedValue.WrapNonce, sealedValue.WrappedKey.AsSpan(0, DataKeyBytes), sealedValue.WrappedKey.AsSpan(DataKeyBytes), dataKey, WrapContext(associatedData));
        }
        catch (AuthenticationTagMismatchException)
        {
            throw new EnvelopeException($"the data key did not unwrap under key '{kek.Id}': wrong key, another context, or the wrapped key was altered");
        }
    }

    private static byte[] WrapContext(ReadOnlySpan<byte> associatedData)
    {
        var context = new byte[WrapLabel.Length + associatedData.Length];
        WrapLabel.CopyTo(context, 0);
        associatedData.CopyTo(context.AsSpan(WrapLabel.Length));
        return context;
    }

    private static void CheckShape(SealedValue value)
    {
        if (value.Nonce.Length != NonceBytes || value.Tag.Length != TagBytes || value.WrapNonce.Length != NonceBytes || value.WrappedKey.Length != WrappedKeyBytes)
        {
            throw new EnvelopeException("the sealed value is malformed: a nonce, tag or wrapped key has the wrong length");
        }
    }
}
