using System.Security.Cryptography;
using System.Text;

namespace Bulwark.Server.Runners;

/// <summary>
/// The three bearer secrets of remote runners, each with its own prefix so that secret scanners and logs can tell
/// them apart: <c>bwreg_&lt;id&gt;_&lt;secret&gt;</c> (one-time registration token), <c>bwr_&lt;id&gt;_&lt;secret&gt;</c> (a runner's
/// credential) and <c>bwj_&lt;secret&gt;</c> (a per-job token; the job is named by the URL). Secrets are 256 random bits;
/// only their SHA-256 is stored, and presented secrets are compared with it in constant time.
/// </summary>
internal static class RunnerSecrets
{
    public const string RegistrationPrefix = "bwreg_";
    public const string CredentialPrefix = "bwr_";
    public const string JobTokenPrefix = "bwj_";

    /// <summary>Longest bearer value looked at; real ones are at most 62 characters.</summary>
    public const int MaxLength = 128;

    private const int IdLength = 12;
    private const int SecretBytes = 32;
    private const string Base32 = "abcdefghijklmnopqrstuvwxyz234567";

    /// <summary>A new id, the whole bearer value and the hash to store.</summary>
    public static (string Id, string Plaintext, byte[] Hash) Issue(string prefix)
    {
        var id = RandomNumberGenerator.GetString(Base32, IdLength);
        var secret = NewSecret();
        return (id, $"{prefix}{id}_{secret}", Hash(secret));
    }

    /// <summary>A new per-job token and the hash to store.</summary>
    public static (string Plaintext, byte[] Hash) IssueJobToken()
    {
        var secret = NewSecret();
        return (JobTokenPrefix + secret, Hash(secret));
    }

    /// <summary>Splits <c>prefix&lt;id&gt;_&lt;secret&gt;</c>; false for anything else (checked before any lookup).</summary>
    public static bool TryParse(string bearer, string prefix, out string id, out string secret)
    {
        id = secret = "";
        if (bearer.Length > MaxLength || !bearer.StartsWith(prefix, StringComparison.Ordinal))
        {
            return false;
        }
        var separator = bearer.IndexOf('_', prefix.Length);
        if (separator != prefix.Length + IdLength || separator == bearer.Length - 1)
        {
            return false;
        }
        id = bearer[prefix.Length..separator];
        secret = bearer[(separator + 1)..];
        return true;
    }

    /// <summary>The secret part of a job token; false for anything else.</summary>
    public static bool TryParseJobToken(string bearer, out string secret)
    {
        secret = "";
        if (bearer.Length > MaxLength || !bearer.StartsWith(JobTokenPrefix, StringComparison.Ordinal) || bearer.Length == JobTokenPrefix.Length)
        {
            return false;
        }
        secret = bearer[JobTokenPrefix.Length..];
        return true;
    }

    /// <summary>Whether <paramref name="secret"/> hashes to <paramref name="stored"/>, in constant time; false when nothing is stored.</summary>
    public static bool Matches(byte[]? stored, string secret) =>
        stored is { Length: 32 } && CryptographicOperations.FixedTimeEquals(Hash(secret), stored);

    private static byte[] Hash(string secret) => SHA256.HashData(Encoding.UTF8.GetBytes(secret));

    private static string NewSecret() =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(SecretBytes)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
