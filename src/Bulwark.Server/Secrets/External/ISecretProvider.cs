namespace Bulwark.Server.Secrets.External;

/// <summary>
/// Fetches the value behind a <see cref="SecretReference"/> from one external secret manager. Implementations
/// never cache values and never put a value or a credential in a log line or exception message; every failure
/// is a <see cref="SecretProviderException"/>, except cancellation by the caller.
/// </summary>
internal interface ISecretProvider
{
    /// <summary>The reference scheme this provider serves, e.g. <c>vault</c>.</summary>
    string Scheme { get; }

    Task<string> ResolveAsync(SecretReference reference, CancellationToken ct);
}
