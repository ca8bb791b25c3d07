using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Bulwark.Scanning.Web.Http;

/// <summary>
/// Records every request sent as HAR 1.2 (<c>--har FILE</c>). Credential headers are written as
/// "[redacted]", bodies are cut at <see cref="MaxText"/> characters so memory stays bounded.
/// </summary>
internal sealed class HarRecorder(TimeProvider time, AuthHeader? auth)
{
    public const int MaxText = 4096;

    private static readonly HashSet<string> SensitiveHeaders = new(StringComparer.OrdinalIgnoreCase) { "Authorization", "Cookie", "Proxy-Authorization", "Set-Cookie" };

    private readonly List<Entry> _entries = [];
    private readonly Lock _lock = new();

    /// <summary>A response kept with bodies already cut, so 10,000 entries cost megabytes, not gigabytes.</summary>
    private sealed record Entry(DateTimeOffset Started, DastResponse Response, int BodyBytes, int RequestBodyBytes);

    public void Add(DastResponse response)
    {
        var started = time.GetUtcNow() - response.Elapsed;
        var request = response.Request;
        var kept = response with
        {
            Request = request.Body is { Length: > MaxText } body ? request with { Body = body[..MaxText] } : request,
            // Scrubbed before cutting: a cut through the credential would leave a piece no scrub recognises.
            Body = Cut(Scrub(response.Body)),
            Head = [],
        };
        lock (_lock)
        {
            _entries.Add(new Entry(started, kept, response.Body.Length, request.Body?.Length ?? 0));
        }
    }

    public void Write(Stream output)
    {
        using var json = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        json.WriteStartObject();
        json.WriteStartObject("log");
        json.WriteString("version", "1.2");
        json.WriteStartObject("creator");
        json.WriteString("name", "bulwark dast");
        json.WriteString("version", Core.ToolInfo.Version);
        json.WriteEndObject();
        json.WriteStartArray("entries");
        List<Entry> entries;
        lock (_lock)
        {
            entries = [.. _entries.OrderBy(e => e.Started)];
        }
        foreach (var entry in entries)
        {
            WriteEntry(json, entry);
        }
        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private void WriteEntry(Utf8JsonWriter json, Entry entry)
    {
        var response = entry.Response;
        var request = response.Request;
        json.WriteStartObject();
        json.WriteString("startedDateTime", entry.Started.ToString("O", CultureInfo.InvariantCulture));
        json.WriteNumber("time", Math.Round(response.Elapsed.TotalMilliseconds, 1));
        json.WriteStartObject("request");
        json.WriteString("method", request.Method);
        json.WriteString("url", Scrub(request.Url.AbsoluteUri));
        json.WriteString("httpVersion", "HTTP/1.1");
        json.WriteStartArray("headers");
        var sent = request.Headers.ToList();
        if (request.Authenticated && auth is not null)
        {
            sent.Add(new(auth.Name, auth.Value));
        }
        WriteHeaders(json, sent);
        json.WriteEndArray();
        WriteQuery(json, request.Url);
        json.WriteStartArray("cookies");
        json.WriteEndArray();
        json.WriteNumber("headersSize", -1);
        json.WriteNumber("bodySize", entry.RequestBodyBytes);
        if (request.Body is { } body)
        {
            json.WriteStartObject("postData");
            json.WriteString("mimeType", request.ContentType ?? "application/octet-stream");
            json.WriteString("text", Scrub(System.Text.Encoding.UTF8.GetString(body)));
            json.WriteEndObject();
        }
        json.WriteEndObject();
        json.WriteStartObject("response");
        json.WriteNumber("status", response.Status);
        json.WriteString("statusText", response.Error is null ? "" : Scrub(response.Error));
        json.WriteString("httpVersion", "HTTP/1.1");
        json.WriteStartArray("headers");
        WriteHeaders(json, response.Headers);
        json.WriteEndArray();
        json.WriteStartArray("cookies");
        json.WriteEndArray();
        json.WriteStartObject("content");
        json.WriteNumber("size", entry.BodyBytes);
        json.WriteString("mimeType", response.ContentType);
        json.WriteString("text", Scrub(response.Body));
        json.WriteEndObject();
        json.WriteString("redirectURL", response.Header("Location") is { } location ? Scrub(location) : "");
        json.WriteNumber("headersSize", -1);
        json.WriteNumber("bodySize", entry.BodyBytes);
        json.WriteEndObject();
        json.WriteStartObject("cache");
        json.WriteEndObject();
        json.WriteStartObject("timings");
        json.WriteNumber("send", 0);
        json.WriteNumber("wait", Math.Round(response.Elapsed.TotalMilliseconds, 1));
        json.WriteNumber("receive", 0);
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private void WriteHeaders(Utf8JsonWriter json, IEnumerable<KeyValuePair<string, string>> headers)
    {
        foreach (var (name, value) in headers)
        {
            json.WriteStartObject();
            json.WriteString("name", name);
            var sensitive = SensitiveHeaders.Contains(name) || (auth is not null && string.Equals(name, auth.Name, StringComparison.OrdinalIgnoreCase));
            json.WriteString("value", sensitive ? AuthHeader.Redacted : Scrub(value));
            json.WriteEndObject();
        }
    }

    private void WriteQuery(Utf8JsonWriter json, Uri url)
    {
        json.WriteStartArray("queryString");
        foreach (var (name, value) in QueryString.Parse(url.Query))
        {
            json.WriteStartObject();
            json.WriteString("name", name);
            json.WriteString("value", Scrub(value));
            json.WriteEndObject();
        }
        json.WriteEndArray();
    }

    private string Scrub(string text) => auth is null ? text : auth.Scrub(text);

    private static string Cut(string text) => text.Length <= MaxText ? text : text[..MaxText];
}
