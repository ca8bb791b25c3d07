namespace Bulwark.Scanning.Web.Discovery;

/// <summary>
/// Where the documents a <c>$ref</c> names may come from, and the rules for refusing them: a folder on disk for a
/// local document (<see cref="OpenApiFolderSource"/>), the target's origin for a fetched one (<see cref="OpenApiOriginSource"/>).
/// </summary>
internal interface IOpenApiRefSource
{
    /// <summary>
    /// The text of <paramref name="document"/>, which <paramref name="reference"/> (as written) names; or the reason it
    /// is refused or cannot be had. Must not throw for a bad reference or an unreadable document.
    /// </summary>
    Task<OpenApiRefFetch> FetchAsync(string reference, Uri document, CancellationToken cancellationToken);
}

/// <summary>A referenced document's text, or why there is none.</summary>
internal sealed record OpenApiRefFetch(string? Text, string? Refusal)
{
    public static OpenApiRefFetch Refused(string reason) => new(null, reason);
}
