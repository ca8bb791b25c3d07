using System.Buffers;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Bulwark.Server.Configuration;

namespace Bulwark.Server.Secrets.External;

/// <summary>Checks Vault settings at start-up; every error names the server.toml key it concerns.</summary>
internal static class VaultOptionsValidator
{
    private const int MaxNameLength = 256;
    private static readonly SearchValues<char> PathCharacters =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./");

    public static VaultOptions Validate(VaultOptions options)
    {
        CheckAddress(options.Address);
        if (options.Namespace is not null && !IsSafePath(options.Namespace.TrimEnd('/')))
        {
            throw new ServerOptionsException("vault.namespace: use letters, digits, '-', '_', '.' in '/'-separated parts (at most 256 characters)");
        }
        if (options.Auth == VaultAuthMethod.Token)
        {
            CheckOneOf("vault.token-file", options.Token is not null, options.TokenFile, "BULWARK_VAULT_TOKEN");
            RejectFor("token", ("vault.role-id", options.RoleId), ("vault.secret-id-file", options.SecretIdFile));
            if (options.SecretId is not null)
            {
                throw new ServerOptionsException("BULWARK_VAULT_SECRET_ID: only used with vault.auth = \"approle\"");
            }
        }
        else
        {
            if (options.RoleId is null || VaultCredential.From(options.RoleId) is null)
            {
                throw new ServerOptionsException("vault.role-id: required for AppRole auth (1..4096 visible ASCII characters)");
            }
            CheckOneOf("vault.secret-id-file", options.SecretId is not null, options.SecretIdFile, "BULWARK_VAULT_SECRET_ID");
            RejectFor("approle", ("vault.token-file", options.TokenFile));
            if (options.Token is not null)
            {
                throw new ServerOptionsException("BULWARK_VAULT_TOKEN: only used with vault.auth = \"token\"");
            }
            if (!IsSafePath(options.AppRoleMount))
            {
                throw new ServerOptionsException("vault.approle-mount: use letters, digits, '-', '_', '.' in '/'-separated parts");
            }
        }
        if (options.CaCertificateFile is not null)
        {
            foreach (var certificate in LoadCaCertificates(options.CaCertificateFile))
            {
                certificate.Dispose();
            }
        }
        if (options.Timeout < TimeSpan.FromSeconds(1) || options.Timeout > VaultOptions.MaxTimeout)
        {
            throw new ServerOptionsException($"vault.timeout: {options.Timeout.TotalSeconds} s is outside 1..{VaultOptions.MaxTimeout.TotalSeconds} seconds");
        }
        return options;
    }

    /// <summary>The certificates of a PEM file; the caller disposes them.</summary>
    public static X509Certificate2Collection LoadCaCertificates(string path)
    {
        if (!File.Exists(path))
        {
            throw new ServerOptionsException($"vault.ca-cert: file '{path}' does not exist");
        }
        var certificates = new X509Certificate2Collection();
        try
        {
            certificates.ImportFromPemFile(path);
        }
        catch (Exception ex) when (ex is CryptographicException or IOException or UnauthorizedAccessException)
        {
            throw new ServerOptionsException($"vault.ca-cert: cannot read '{path}' as PEM certificates");
        }
        return certificates.Count > 0 ? certificates : throw new ServerOptionsException($"vault.ca-cert: '{path}' holds no PEM certificate");
    }

    /// <summary>Letters, digits, '-', '_', '.' in non-empty '/'-separated parts that do not end with a dot.</summary>
    public static bool IsSafePath(string path)
    {
        if (path.Length is 0 or > MaxNameLength || path.AsSpan().ContainsAnyExcept(PathCharacters))
        {
            return false;
        }
        foreach (var part in path.Split('/'))
        {
            if (part.Length == 0 || part[^1] == '.')
            {
                return false;
            }
        }
        return true;
    }

    private static void CheckAddress(Uri address)
    {
        if (!address.IsAbsoluteUri || address.Scheme is not ("https" or "http"))
        {
            throw new ServerOptionsException("vault.address: must be an absolute https:// address");
        }
        if (address.UserInfo.Length > 0 || address.Query.Length > 0 || address.Fragment.Length > 0)
        {
            throw new ServerOptionsException("vault.address: must not contain user information, a query or a fragment");
        }
        if (address.Scheme == "http" && !IsLoopback(address))
        {
            throw new ServerOptionsException($"vault.address: plain http is allowed only to a loopback address, not {address.Host}; use https");
        }
    }

    private static bool IsLoopback(Uri address) =>
        address.DnsSafeHost == "localhost" || IPAddress.TryParse(address.DnsSafeHost, out var ip) && IPAddress.IsLoopback(ip);

    private static void CheckOneOf(string fileKey, bool valueGiven, string? file, string variable)
    {
        if (valueGiven == file is not null)
        {
            throw new ServerOptionsException($"{fileKey}: give either {variable} or {fileKey}, exactly one");
        }
        if (file is not null && !File.Exists(file))
        {
            throw new ServerOptionsException($"{fileKey}: file '{file}' does not exist");
        }
    }

    private static void RejectFor(string auth, params (string Key, string? Value)[] settings)
    {
        foreach (var (key, value) in settings)
        {
            if (value is not null)
            {
                throw new ServerOptionsException($"{key}: not used with vault.auth = \"{auth}\"");
            }
        }
    }
}
