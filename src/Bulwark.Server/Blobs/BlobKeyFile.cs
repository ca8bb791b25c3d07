using System.Security.Cryptography;
using Bulwark.Server.Configuration;

namespace Bulwark.Server.Blobs;

/// <summary>
/// The blob store's own random key, kept in <c>{data}/blobs/blob.key</c> wrapped (AES-256-GCM) under a key derived
/// from the master key. Rotating the master key re-wraps this one small file instead of re-encrypting every blob.
/// Layout: 12-byte nonce, 16-byte tag, 32-byte wrapped key.
/// </summary>
internal static class BlobKeyFile
{
    public const string FileName = "blob.key";
    private const string WrapPurpose = "blob-key-wrap";
    private const int NonceBytes = 12, TagBytes = 16, KeyBytes = 32;
    private static readonly byte[] AssociatedData = "bulwark blob store key v1"u8.ToArray();

    public static string PathIn(string dataDirectory) => Path.Combine(dataDirectory, "blobs", FileName);

    /// <summary>The blob key, made (and wrapped under <paramref name="masterKey"/>) on first use.</summary>
    /// <exception cref="CryptographicException">The file exists but does not open with this master key.</exception>
    public static byte[] LoadOrCreate(string dataDirectory, MasterKey masterKey)
    {
        var path = PathIn(dataDirectory);
        if (File.Exists(path))
        {
            return Unwrap(File.ReadAllBytes(path), masterKey)
                ?? throw new CryptographicException($"{path} does not open with this master key (was the master key replaced without `bulwark secrets rotate-master-key`?)");
        }
        var key = RandomNumberGenerator.GetBytes(KeyBytes);
        Write(path, Wrap(key, masterKey));
        return key;
    }

    /// <summary>
    /// Re-wraps the key from <paramref name="oldKey"/> to <paramref name="newKey"/>; a file already under the new key
    /// (a rotation resumed after a crash) is left as it is. False when there is no blob key yet.
    /// </summary>
    public static bool Rewrap(string dataDirectory, MasterKey oldKey, MasterKey newKey)
    {
        var path = PathIn(dataDirectory);
        if (!File.Exists(path))
        {
            return false;
        }
        var wrapped = File.ReadAllBytes(path);
        if (Unwrap(wrapped, newKey) is not null)
        {
            return true;
        }
        var key = Unwrap(wrapped, oldKey) ?? throw new CryptographicException($"{path} opens with neither the current nor the new master key");
        Write(path, Wrap(key, newKey));
        CryptographicOperations.ZeroMemory(key);
        return true;
    }

    private static byte[] Wrap(byte[] key, MasterKey masterKey)
    {
        var output = new byte[NonceBytes + TagBytes + KeyBytes];
        RandomNumberGenerator.Fill(output.AsSpan(0, NonceBytes));
        using var aes = new AesGcm(masterKey.Derive(WrapPurpose), TagBytes);
        aes.Encrypt(output.AsSpan(0, NonceBytes), key, output.AsSpan(NonceBytes + TagBytes), output.AsSpan(NonceBytes, TagBytes), AssociatedData);
        return output;
    }

    private static byte[]? Unwrap(byte[] wrapped, MasterKey masterKey)
    {
        if (wrapped.Length != NonceBytes + TagBytes + KeyBytes)
        {
            return null;
        }
        var key = new byte[KeyBytes];
        try
        {
            using var aes = new AesGcm(masterKey.Derive(WrapPurpose), TagBytes);
            aes.Decrypt(wrapped.AsSpan(0, NonceBytes), wrapped.AsSpan(NonceBytes + TagBytes), wrapped.AsSpan(NonceBytes, TagBytes), key, AssociatedData);
            return key;
        }
        catch (AuthenticationTagMismatchException)
        {
            return null;
        }
    }

    /// <summary>All or nothing, owner-only: a temporary file beside it, then a rename.</summary>
    private static void Write(string path, byte[] content)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = path + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        using (var file = new FileStream(temporary, options))
        {
            file.Write(content);
            file.Flush(flushToDisk: true);
        }
        File.Move(temporary, path, overwrite: true);
    }
}
