namespace Bulwark.Server.Secrets.External;

/// <summary>How the server authenticates to Vault.</summary>
internal enum VaultAuthMethod
{
    /// <summary>A client token from BULWARK_VAULT_TOKEN or a token file (re-read after a 403, e.g. a Vault Agent sink).</summary>
    Token,

    /// <summary>AppRole login with role_id and secret_id; the client token is cached for its lease.</summary>
    AppRole,
}
