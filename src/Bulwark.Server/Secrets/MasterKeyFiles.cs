using System.Security.Cryptography;
using System.Text;
using Bulwark.Server.Configuration;

namespace Bulwark.Server.Secrets;

/// <summary>The old and new master keys of a rotation, from the key files or from the environment.</summary>
internal static class MasterKeyFiles
{
    public static MasterKey Current(string dataDirectory, Func<string, string?> environment)
    {
        if (environment(MasterKey.EnvironmentVariable) is { Length: > 0 })
        {
            return MasterKey.LoadOrCreate(dataDirectory, environment);
        }
        var path = Path.Combine(dataDirectory, ServerOptions.MasterKeyFileName);
        return File.Exists(path)
            ? MasterKey.Load(path)
            : throw new ServerOptionsException($"no master key to rotate: {path} does not exist and {MasterKey.EnvironmentVariable} is unset");
    }

    /// <summary>The next key: from the environment, from an unfinished rotation's <c>master.key.next</c>, or new (written there first, mode 0600).</summary>
    public static MasterKey Next(string dataDirectory, Func<string, string?> environment, out bool resumed)
    {
        resumed = false;
        if (environment(MasterKey.EnvironmentVariable) is { Length: > 0 })
        {
            return environment(SecretKeyRing.NextKeyVariable) is { Length: > 0 } next
                ? MasterKey.LoadOrCreate(dataDirectory, name => name == MasterKey.EnvironmentVariable ? next : null)
                : throw new ServerOptionsException($"{MasterKey.EnvironmentVariable} is set, so no key file is written: put the new key (32 random bytes, base64) in {SecretKeyRing.NextKeyVariable}");
        }
        var path = Path.Combine(dataDirectory, SecretKeyRing.NextKeyFileName);
        if (File.Exists(path))
        {
            resumed = true;
            return MasterKey.Load(path);
        }
        var key = RandomNumberGenerator.GetBytes(32);
        var text = Encoding.ASCII.GetBytes(Convert.ToBase64String(key) + "\n");
        try
        {
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }
            using (var stream = new FileStream(path, options))
            {
                stream.Write(text);
                stream.Flush(flushToDisk: true);
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
            CryptographicOperations.ZeroMemory(text);
        }
        return MasterKey.Load(path);
    }
}
