namespace Bulwark.Scanning.Web.Http;

/// <summary>
/// The scan's one boundary: a URL is in scope only with the target's scheme, host and port, and a path that no
/// excluded pattern (<see cref="PathPattern"/>) matches. Everything the crawler, the OpenAPI document or a redirect
/// names elsewhere is never requested.
/// </summary>
internal sealed class ScopeGuard(Uri target, IReadOnlyList<string>? excludedPaths = null)
{
    private readonly IReadOnlyList<string> _excluded = excludedPaths ?? [];

    public Uri Target { get; } = target;

    public bool InScope(Uri url) => SameOrigin(url) && !Excluded(url);

    public bool SameOrigin(Uri url) =>
        url.IsAbsoluteUri
        && string.Equals(url.Scheme, Target.Scheme, StringComparison.OrdinalIgnoreCase)
        && string.Equals(url.IdnHost, Target.IdnHost, StringComparison.OrdinalIgnoreCase)
        && url.Port == Target.Port;

    /// <summary>The path matches one of the excluded patterns (compared decoded, so %2F tricks do not slip past).</summary>
    public bool Excluded(Uri url)
    {
        if (_excluded.Count == 0 || !url.IsAbsoluteUri)
        {
            return false;
        }
        var path = Uri.UnescapeDataString(url.AbsolutePath);
        foreach (var pattern in _excluded)
        {
            if (PathPattern.IsMatch(pattern, path))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>Resolves <paramref name="reference"/> against <paramref name="from"/>; null when malformed, not http(s) or out of scope.</summary>
    public Uri? Resolve(Uri from, string? reference)
    {
        if (string.IsNullOrWhiteSpace(reference) || reference.Length > 4096)
        {
            return null;
        }
        if (!Uri.TryCreate(from, reference.Trim(), out var url) || !InScope(url))
        {
            return null;
        }
        // Fragments never reach the server: one page, one URL.
        return url.Fragment.Length == 0 ? url : new UriBuilder(url) { Fragment = "" }.Uri;
    }
}
