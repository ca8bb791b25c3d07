namespace Bulwark.Scanning.Web.Http;

/// <summary>
/// What came back: status (0 when no response arrived, with <see cref="Error"/> saying why), headers, and at
/// most <c>MaxResponseBytes</c> of the body (<see cref="Truncated"/> says there was more).
/// </summary>
internal sealed record DastResponse(DastRequest Request, int Status, IReadOnlyList<KeyValuePair<string, string>> Headers, string Body, TimeSpan Elapsed)
{
    public byte[] Head { get; init; } = [];

    public bool Truncated { get; init; }

    public string? Error { get; init; }

    public Uri Url => Request.Url;

    public bool Ok => Status is >= 200 and < 300;

    public bool IsRedirect => Status is 301 or 302 or 303 or 307 or 308;

    public string? Header(string name)
    {
        foreach (var (key, value) in Headers)
        {
            if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase))
            {
                return value;
            }
        }
        return null;
    }

    public IEnumerable<string> HeaderValues(string name) =>
        Headers.Where(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value);

    public string ContentType => Header("Content-Type") ?? "";

    public bool IsHtml => ContentType.Contains("html", StringComparison.OrdinalIgnoreCase);
}
