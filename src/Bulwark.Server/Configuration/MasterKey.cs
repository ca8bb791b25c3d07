using System.Security.Cryptography;
using System.Text;

namespace Bulwark.Server.Configuration;

/// <summary>
/// The server's root secret: 32 random bytes kept in <c>master.key</c> (mode 0600, created on first start)
/// or given as base64 in <c>BULWARK_MASTER_KEY</c>. Nothing uses it directly: each purpose derives its own
/// key with HKDF-SHA256, so a key leaked from one feature says nothing about another.
/// </summary>
internal sealed class MasterKey
{
    public const string EnvironmentVariable = "BULWARK_MASTER_KEY";
    private const int KeyBytes = 32;
    private readonly byte[] _key;

    private MasterKey(byte[] key) => _key = key;

    /// <summary>Reads the key from the environment or the data directory, creating the file when neither has one.</summary>
    public static MasterKey LoadOrCreate(string dataDirectory, Func<string, string?> environment)
    {
        if (environment(EnvironmentVariable) is { Length: > 0 } fromEnvironment)
        {
            return new MasterKey(Decode(fromEnvironment, EnvironmentVariable));
        }
        var path = Path.Combine(dataDirectory, ServerOptions.MasterKeyFileName);
        if (File.Exists(path))
        {
            return Load(path);
        }
        var key = RandomNumberGenerator.GetBytes(KeyBytes);
        WriteOwnerOnly(path, Convert.ToBase64String(key) + "\n");
        return new MasterKey(key);
    }

    /// <summary>Reads an existing key file; offline tools (audit verify) must not create one.</summary>
    public static MasterKey Load(string path)
    {
        if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(path) & (UnixFileMode.GroupRead | UnixFileMode.OtherRead | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite)) != 0)
        {
            throw new ServerOptionsException($"master key: {path} is readable or writable by other users; run chmod 600 on it");
        }
        return new MasterKey(Decode(File.ReadAllText(path).Trim(), path));
    }

    /// <summary>A 32-byte key for one purpose, e.g. "audit-seal" or "webhook-secrets".</summary>
    public byte[] Derive(string purpose) =>
        HKDF.DeriveKey(HashAlgorithmName.SHA256, _key, KeyBytes, salt: [], info: Encoding.UTF8.GetBytes("bulwark/" + purpose));

    private static byte[] Decode(string text, string where)
    {
        Span<byte> buffer = stackalloc byte[64];
        if (!Convert.TryFromBase64String(text, buffer, out var written) || written != KeyBytes)
        {
            throw new ServerOptionsException($"master key: {where} must hold {KeyBytes} bytes in base64");
        }
        return buffer[..written].ToArray();
    }

    private static void WriteOwnerOnly(string path, string content)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        using var stream = new FileStream(path, options);
        stream.Write(Encoding.ASCII.GetBytes(content));
        stream.Flush(flushToDisk: true);
    }
}
