namespace Bulwark.Server.Secrets.External;

/// <summary>Why a secret reference could not be resolved.</summary>
internal enum SecretProviderFailure
{
    /// <summary>No provider is configured for the scheme, or its credential file cannot be read.</summary>
    NotConfigured,

    /// <summary>The path, version or key does not exist (Vault also says 404 for paths the token may not see).</summary>
    NotFound,

    /// <summary>The manager refused the credentials or the read.</summary>
    PermissionDenied,

    /// <summary>The manager is sealed or down for maintenance.</summary>
    Sealed,

    /// <summary>No connection could be made (refused, DNS, TLS).</summary>
    Unreachable,

    /// <summary>No answer within the configured time.</summary>
    Timeout,

    /// <summary>An answer that is not what the API documents: status, size, JSON shape, or a non-string value.</summary>
    BadResponse,
}
