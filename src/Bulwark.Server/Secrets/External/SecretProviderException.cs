namespace Bulwark.Server.Secrets.External;

/// <summary>
/// A secret reference could not be resolved. The message names the reference and what went wrong, never a
/// value or a credential; no inner exception is kept, because parser and transport messages can quote bytes
/// of the response.
/// </summary>
internal sealed class SecretProviderException(SecretReference reference, SecretProviderFailure failure, string detail)
    : Exception($"{reference}: {detail}")
{
    public SecretReference Reference { get; } = reference;

    public SecretProviderFailure Failure { get; } = failure;
}
