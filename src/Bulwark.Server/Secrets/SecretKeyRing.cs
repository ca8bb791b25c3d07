using Bulwark.Integrity.Encryption;
using Bulwark.Server.Configuration;

namespace Bulwark.Server.Secrets;

/// <summary>
/// The key-encryption keys the secrets store can use: the one derived from the current master key (new values
/// are wrapped under it) and, during a master-key rotation, the one from the next key (<c>master.key.next</c> or
/// <c>BULWARK_NEW_MASTER_KEY</c>), so that every row decrypts whichever key it is on. The server itself does not
/// start while a rotation is unfinished: webhook secrets and audit seals would be split between the two keys.
/// </summary>
internal sealed class SecretKeyRing : IDisposable
{
    public const string NextKeyFileName = "master.key.next";
    public const string NextKeyVariable = "BULWARK_NEW_MASTER_KEY";
    private const string Purpose = "secrets-kek";
    private const string IdPurpose = "secrets-kek-id";
    private readonly Dictionary<string, KeyEncryptionKey> _keys = new(StringComparer.Ordinal);

    public SecretKeyRing(MasterKey current, params MasterKey[] others)
    {
        Current = Create(current);
        _keys[Current.Id] = Current;
        foreach (var other in others)
        {
            var kek = Create(other);
            if (!_keys.TryAdd(kek.Id, kek))
            {
                kek.Dispose();
            }
        }
    }

    public KeyEncryptionKey Current { get; }

    /// <summary>The next master key of an unfinished rotation, or null.</summary>
    public static MasterKey? NextKey(string dataDirectory, Func<string, string?> environment)
    {
        if (environment(NextKeyVariable) is { Length: > 0 } encoded)
        {
            return MasterKey.LoadOrCreate(dataDirectory, name => name == MasterKey.EnvironmentVariable ? encoded : null);
        }
        var path = Path.Combine(dataDirectory, NextKeyFileName);
        return File.Exists(path) ? MasterKey.Load(path) : null;
    }

    /// <summary>A short fingerprint of a master key that names it in rows without revealing it.</summary>
    public static string KeyId(MasterKey key) => Convert.ToHexStringLower(key.Derive(IdPurpose).AsSpan(0, 8));

    /// <summary>The key-encryption key a row names.</summary>
    /// <exception cref="SecretKeyMissingException">No key with that id is loaded.</exception>
    public KeyEncryptionKey Find(string id) =>
        _keys.TryGetValue(id, out var kek) ? kek : throw new SecretKeyMissingException(id);

    public void Dispose()
    {
        foreach (var kek in _keys.Values)
        {
            kek.Dispose();
        }
    }

    public static KeyEncryptionKey Create(MasterKey masterKey)
    {
        var key = masterKey.Derive(Purpose);
        try
        {
            return new KeyEncryptionKey(KeyId(masterKey), key);
        }
        finally
        {
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(key);
        }
    }
}
