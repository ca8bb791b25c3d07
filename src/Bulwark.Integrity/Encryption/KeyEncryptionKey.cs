using System.Security.Cryptography;

namespace Bulwark.Integrity.Encryption;

/// <summary>
/// A 256-bit key that wraps data keys, with an id stored beside every value it wraps so that rotation can tell
/// which rows still use it. The id must not reveal the key (use a fingerprint derived separately). Disposing
/// zeroes the key.
/// </summary>
internal sealed class KeyEncryptionKey : IDisposable
{
    public const int KeyBytes = 32;
    public const int MaxIdLength = 64;
    private readonly byte[] _key;

    public KeyEncryptionKey(string id, ReadOnlySpan<byte> key)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        if (id.Length > MaxIdLength)
        {
            throw new ArgumentException($"a key id is at most {MaxIdLength} characters", nameof(id));
        }
        if (key.Length != KeyBytes)
        {
            throw new ArgumentException($"a key-encryption key is {KeyBytes} bytes", nameof(key));
        }
        Id = id;
        _key = key.ToArray();
    }

    public string Id { get; }

    internal ReadOnlySpan<byte> Key => _key;

    public void Dispose() => CryptographicOperations.ZeroMemory(_key);
}
