namespace Bulwark.Scanning.Web.Http;

/// <summary>One request a probe wants sent. <see cref="Authenticated"/> false leaves the --auth-header off.</summary>
internal sealed record DastRequest(string Method, Uri Url)
{
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = [];

    public byte[]? Body { get; init; }

    public string? ContentType { get; init; }

    public bool Authenticated { get; init; } = true;

    /// <summary>A POST to an inference operation the OpenAPI document names: allowed without --allow-destructive.</summary>
    public bool InferencePost { get; init; }

    public static DastRequest Get(Uri url) => new("GET", url);

    /// <summary>The request line for evidence: method and path with query, never headers.</summary>
    public string RequestLine => $"{Method} {Url.PathAndQuery}";
}
