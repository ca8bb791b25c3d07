namespace Bulwark.Server.Secrets.External;

/// <summary>
/// How to reach HashiCorp Vault (the <c>[vault]</c> table of server.toml and <c>BULWARK_VAULT_*</c> variables;
/// see docs/vault.md). Credentials are <see cref="VaultCredential"/>s or file paths, so printing the record
/// shows no secret. <see cref="VaultOptionsValidator"/> enforces the limits noted here.
/// </summary>
internal sealed record VaultOptions
{
    public const string DefaultAppRoleMount = "approle";
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan MaxTimeout = TimeSpan.FromMinutes(5);

    /// <summary>Base address, e.g. https://vault.example:8200; plain http only to a loopback address.</summary>
    public required Uri Address { get; init; }

    /// <summary>Vault Enterprise namespace sent as X-Vault-Namespace; none by default.</summary>
    public string? Namespace { get; init; }

    public VaultAuthMethod Auth { get; init; } = VaultAuthMethod.Token;

    /// <summary>Token auth: the token itself (environment only, never server.toml).</summary>
    public VaultCredential? Token { get; init; }

    /// <summary>Token auth: a file holding the token, read at first use and again after a 403.</summary>
    public string? TokenFile { get; init; }

    /// <summary>AppRole auth: where the method is mounted; default <c>approle</c>.</summary>
    public string AppRoleMount { get; init; } = DefaultAppRoleMount;

    public string? RoleId { get; init; }

    /// <summary>AppRole auth: the secret_id (environment only, never server.toml).</summary>
    public VaultCredential? SecretId { get; init; }

    /// <summary>AppRole auth: a file holding the secret_id, read at each login.</summary>
    public string? SecretIdFile { get; init; }

    /// <summary>PEM file of the CA certificate(s) that issued Vault's certificate; replaces the system roots.</summary>
    public string? CaCertificateFile { get; init; }

    /// <summary>Time for one resolution, login included: default 10 s, 1 s to 5 min.</summary>
    public TimeSpan Timeout { get; init; } = DefaultTimeout;
}
