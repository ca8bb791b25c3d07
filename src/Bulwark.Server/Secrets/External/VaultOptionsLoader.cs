using System.Globalization;
using Bulwark.Core.Configuration;
using Bulwark.Server.Configuration;
using Tomlyn.Model;

namespace Bulwark.Server.Secrets.External;

/// <summary>
/// Reads the <c>[vault]</c> table of server.toml and the <c>BULWARK_VAULT_*</c> environment variables (which
/// win), as <see cref="ServerOptionsLoader"/> does for the server's own settings. Credentials are accepted
/// only from the environment or from files, never from server.toml. Returns null when no address is set.
/// </summary>
internal static class VaultOptionsLoader
{
    public const string TableName = "vault";
    private static readonly string[] Keys =
        ["address", "namespace", "auth", "token-file", "approle-mount", "role-id", "secret-id-file", "ca-cert", "timeout"];

    public static VaultOptions? Load(string dataDirectory, Func<string, string?> environment)
    {
        var path = Path.Combine(dataDirectory, ServerOptionsLoader.ConfigFileName);
        var table = ReadTable(path) ?? new TomlTable();
        string? Setting(string key, string variable) => NonEmpty(environment(variable)) ?? Get(table, key, path);

        var address = Setting("address", "BULWARK_VAULT_ADDR");
        if (address is null)
        {
            return table.Count > 0 || NonEmpty(environment("BULWARK_VAULT_TOKEN")) is not null || NonEmpty(environment("BULWARK_VAULT_ROLE_ID")) is not null
                ? throw new ServerOptionsException("vault.address: required when other Vault settings are given (or BULWARK_VAULT_ADDR)")
                : null;
        }
        if (!Uri.TryCreate(address, UriKind.Absolute, out var uri))
        {
            throw new ServerOptionsException("vault.address: not an absolute address such as https://vault.example:8200");
        }
        var options = new VaultOptions
        {
            Address = uri,
            Namespace = Setting("namespace", "BULWARK_VAULT_NAMESPACE"),
            Auth = Setting("auth", "BULWARK_VAULT_AUTH") switch
            {
                null or "token" => VaultAuthMethod.Token,
                "approle" => VaultAuthMethod.AppRole,
                _ => throw new ServerOptionsException("vault.auth: must be \"token\" or \"approle\""),
            },
            Token = Credential(environment, "BULWARK_VAULT_TOKEN"),
            TokenFile = Setting("token-file", "BULWARK_VAULT_TOKEN_FILE"),
            AppRoleMount = Setting("approle-mount", "BULWARK_VAULT_APPROLE_MOUNT") ?? VaultOptions.DefaultAppRoleMount,
            RoleId = Setting("role-id", "BULWARK_VAULT_ROLE_ID"),
            SecretId = Credential(environment, "BULWARK_VAULT_SECRET_ID"),
            SecretIdFile = Setting("secret-id-file", "BULWARK_VAULT_SECRET_ID_FILE"),
            CaCertificateFile = Setting("ca-cert", "BULWARK_VAULT_CA_CERT"),
            Timeout = Timeout(environment, table, path) ?? VaultOptions.DefaultTimeout,
        };
        return VaultOptionsValidator.Validate(options);
    }

    private static TomlTable? ReadTable(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }
        try
        {
            var table = TomlReading.GetTable(TomlReading.ParseFile(path), TableName, path);
            if (table is null)
            {
                return null;
            }
            foreach (var credential in new[] { "token", "secret-id" })
            {
                if (table.ContainsKey(credential))
                {
                    throw new ServerOptionsException($"{path}: vault.{credential} does not belong in server.toml; use BULWARK_VAULT_{credential.Replace('-', '_').ToUpperInvariant()} or vault.{credential}-file");
                }
            }
            TomlReading.RejectUnknownKeys(table, $"{path} [vault]", Keys);
            return table;
        }
        catch (ConfigException ex)
        {
            throw new ServerOptionsException(ex.Message);
        }
    }

    private static string? Get(TomlTable table, string key, string path)
    {
        try
        {
            return NonEmpty(TomlReading.GetString(table, key, $"{path} [vault]"));
        }
        catch (ConfigException ex)
        {
            throw new ServerOptionsException(ex.Message);
        }
    }

    private static TimeSpan? Timeout(Func<string, string?> environment, TomlTable table, string path)
    {
        long? seconds;
        if (NonEmpty(environment("BULWARK_VAULT_TIMEOUT")) is { } text)
        {
            seconds = long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
                ? value
                : throw new ServerOptionsException($"BULWARK_VAULT_TIMEOUT: '{text}' is not a whole number of seconds");
        }
        else
        {
            try
            {
                seconds = TomlReading.GetInteger(table, "timeout", $"{path} [vault]");
            }
            catch (ConfigException ex)
            {
                throw new ServerOptionsException(ex.Message);
            }
        }
        return seconds is null ? null : TimeSpan.FromSeconds(Math.Clamp(seconds.Value, -1, (long)VaultOptions.MaxTimeout.TotalSeconds + 1));
    }

    private static VaultCredential? Credential(Func<string, string?> environment, string variable) => NonEmpty(environment(variable)) switch
    {
        null => null,
        var text => VaultCredential.From(text) ?? throw new ServerOptionsException($"{variable}: not a valid credential (1..{VaultCredential.MaxLength} visible ASCII characters)"),
    };

    private static string? NonEmpty(string? text) => string.IsNullOrWhiteSpace(text) ? null : text;
}
