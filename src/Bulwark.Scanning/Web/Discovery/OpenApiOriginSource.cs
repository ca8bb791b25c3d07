using Bulwark.Scanning.Web.Http;

namespace Bulwark.Scanning.Web.Discovery;

/// <summary>
/// Referenced documents of an OpenAPI document fetched from the target: only URLs on the target's scheme, host and
/// port, fetched through the scan's own HTTP layer so each one counts against --max-requests and obeys --rate,
/// the excluded paths and the time limit.
/// </summary>
internal sealed class OpenApiOriginSource(DastHttp http) : IOpenApiRefSource
{
    public async Task<OpenApiRefFetch> FetchAsync(string reference, Uri document, CancellationToken cancellationToken)
    {
        if (document.Scheme is not ("http" or "https") || !http.Scope.SameOrigin(document))
        {
            return OpenApiRefFetch.Refused($"another origin ({(document.Scheme is "http" or "https" ? document.GetLeftPart(UriPartial.Authority) : document.Scheme + ":")}; only the target's scheme, host and port are fetched)");
        }
        if (http.Scope.Excluded(document))
        {
            return OpenApiRefFetch.Refused("an excluded path");
        }
        var response = await http.SendAsync(DastRequest.Get(document), cancellationToken).ConfigureAwait(false);
        return response switch
        {
            null => OpenApiRefFetch.Refused("not fetched (request limit reached or the scan stopped)"),
            { Status: 0 } => OpenApiRefFetch.Refused($"cannot fetch: {response.Error}"),
            { Ok: false } => OpenApiRefFetch.Refused($"cannot fetch: HTTP {response.Status}"),
            { Truncated: true } => OpenApiRefFetch.Refused("larger than the response limit"),
            _ when response.Body.Length > OpenApiReader.MaxDocumentChars => OpenApiRefFetch.Refused($"larger than {OpenApiReader.MaxDocumentChars / 1_000_000} MB"),
            _ => new OpenApiRefFetch(response.Body, null),
        };
    }
}
