using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Bulwark.Integrity.Encryption;

/// <summary>
/// Seals and opens the segments of one encrypted file. The file's AES-256-GCM key and base nonce come from HKDF over
/// the caller's key with the file's random salt, so no two files share a (key, nonce) pair however many files one key
/// encrypts, and a segment moved into another file fails. Segment <c>i</c>'s nonce is the base nonce XOR <c>i</c>
/// (big-endian, last 8 bytes); its associated data is SHA-256(context) ‖ i ‖ final flag.
/// </summary>
internal sealed class SegmentCipher : IDisposable
{
    public const int KeyBytes = 32;
    public const int SaltBytes = 32;
    public const int TagBytes = 16;
    private const int NonceBytes = 12;
    private const int ContextDigestBytes = 32;
    private static ReadOnlySpan<byte> KeyLabel => "bulwark/segmented-aead/v1"u8;

    private readonly AesGcm _aes;
    private readonly byte[] _baseNonce = new byte[NonceBytes];
    private readonly byte[] _nonce = new byte[NonceBytes];
    private readonly byte[] _associatedData = new byte[ContextDigestBytes + sizeof(long) + 1];

    public SegmentCipher(ReadOnlySpan<byte> key, ReadOnlySpan<byte> salt, ReadOnlySpan<byte> context)
    {
        if (key.Length != KeyBytes)
        {
            throw new ArgumentException($"the key must be {KeyBytes} bytes", nameof(key));
        }
        Span<byte> derived = stackalloc byte[KeyBytes + NonceBytes];
        try
        {
            HKDF.DeriveKey(HashAlgorithmName.SHA256, key, derived, salt, KeyLabel);
            _aes = new AesGcm(derived[..KeyBytes], TagBytes);
            derived[KeyBytes..].CopyTo(_baseNonce);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(derived);
        }
        SHA256.HashData(context, _associatedData.AsSpan(0, ContextDigestBytes));
    }

    /// <summary>Writes the ciphertext then the tag (<paramref name="plaintext"/>.Length + 16 bytes) to <paramref name="destination"/>.</summary>
    public void Seal(long index, bool final, ReadOnlySpan<byte> plaintext, Span<byte> destination)
    {
        Prepare(index, final);
        _aes.Encrypt(_nonce, plaintext, destination[..plaintext.Length], destination.Slice(plaintext.Length, TagBytes), _associatedData);
    }

    /// <summary>Decrypts a sealed segment (ciphertext then tag) into <paramref name="plaintext"/>.</summary>
    /// <exception cref="SegmentedAeadException">The segment does not authenticate at this index and finality.</exception>
    public void Open(long index, bool final, ReadOnlySpan<byte> segment, Span<byte> plaintext)
    {
        Prepare(index, final);
        var length = segment.Length - TagBytes;
        try
        {
            _aes.Decrypt(_nonce, segment[..length], segment[length..], plaintext[..length], _associatedData);
        }
        catch (AuthenticationTagMismatchException)
        {
            CryptographicOperations.ZeroMemory(plaintext[..length]);
            throw new SegmentedAeadException(
                $"segment {index} failed authentication: the data was altered, cut short, extended, reordered or spliced, or it belongs to another key or context");
        }
    }

    private void Prepare(long index, bool final)
    {
        _baseNonce.CopyTo(_nonce, 0);
        var counter = _nonce.AsSpan(NonceBytes - sizeof(long));
        BinaryPrimitives.WriteInt64BigEndian(counter, BinaryPrimitives.ReadInt64BigEndian(counter) ^ index);
        BinaryPrimitives.WriteInt64BigEndian(_associatedData.AsSpan(ContextDigestBytes), index);
        _associatedData[^1] = final ? (byte)1 : (byte)0;
    }

    public void Dispose()
    {
        _aes.Dispose();
        CryptographicOperations.ZeroMemory(_baseNonce);
    }
}
