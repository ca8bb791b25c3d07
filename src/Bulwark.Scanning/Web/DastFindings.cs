using System.Collections.Concurrent;
using Bulwark.Core.Findings;
using Bulwark.Scanning.Web.Http;

namespace Bulwark.Scanning.Web;

/// <summary>
/// Collects findings from every check, once per fingerprint (rule, path, subject). Evidence is the
/// request line, the status and an excerpt of the response around what was found, with secrets and the
/// --auth-header value redacted before it is stored.
/// </summary>
internal sealed class DastFindings(SecretFinder secrets, AuthHeader? auth)
{
    public const int ExcerptChars = 240;
    public const int MaxFindings = 2_000;

    /// <summary>How far past the excerpt a secret that the excerpt cuts may reach.</summary>
    private const int SecretMargin = 1_024;

    private readonly ConcurrentDictionary<string, (int Order, Finding Finding)> _findings = new(StringComparer.Ordinal);
    private int _order;

    public IReadOnlyList<Finding> All => [.. _findings.Values.OrderBy(f => f.Order).Select(f => f.Finding)];

    /// <summary>Adds a finding unless one with the same subject exists. <paramref name="at"/> marks what to excerpt from the body.</summary>
    public void Add(DastRule rule, DastResponse? response, Uri url, string message, string subject, int at = -1, Severity? severity = null,
        IReadOnlyDictionary<string, string>? properties = null, string? requestLine = null)
    {
        var path = url.AbsolutePath;
        // No host or port in the fingerprint: a baseline taken on one deployment holds for the next.
        var fingerprint = Fingerprint.Create(rule.Id, path, subject);
        if (_findings.Count >= MaxFindings || _findings.ContainsKey(fingerprint))
        {
            return;
        }
        var props = new Dictionary<string, string>(StringComparer.Ordinal) { ["url"] = path, ["fix"] = rule.Help };
        if (response is not null)
        {
            props["method"] = response.Request.Method;
            props["status"] = response.Status.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        foreach (var (key, value) in properties ?? new Dictionary<string, string>())
        {
            props[key] = Clean(value);
        }
        var finding = new Finding(rule.Id, rule.Title, severity ?? rule.Severity, new Location(path, 0, 0, 0, 0), Clean(message), fingerprint,
            Evidence(response, requestLine, at))
        {
            Properties = props,
        };
        _findings.TryAdd(fingerprint, (Interlocked.Increment(ref _order), finding));
    }

    private string Evidence(DastResponse? response, string? requestLine, int at)
    {
        if (response is null)
        {
            return Clean(requestLine ?? "");
        }
        var text = $"{requestLine ?? response.Request.RequestLine}\n→ {response.Status}";
        if (at >= 0 && response.Body.Length > 0)
        {
            text += "\n" + Excerpt(response.Body, at);
        }
        return Clean(text);
    }

    /// <summary>
    /// About <see cref="ExcerptChars"/> of the body around <paramref name="at"/>, widened so that no credential or
    /// secret is cut in two (a half secret would escape redaction).
    /// </summary>
    private string Excerpt(string body, int at)
    {
        body = auth is null ? body : auth.Scrub(body);
        var start = Math.Max(0, Math.Min(at, body.Length) - ExcerptChars / 3);
        var end = Math.Min(body.Length, start + ExcerptChars);
        var windowStart = Math.Max(0, start - SecretMargin);
        var window = body[windowStart..Math.Min(body.Length, end + SecretMargin)];
        foreach (var match in secrets.Find(window, "evidence"))
        {
            var matchStart = windowStart + match.Start;
            var matchEnd = matchStart + match.Length;
            if (matchStart < end && matchEnd > start)
            {
                start = Math.Min(start, matchStart);
                end = Math.Max(end, matchEnd);
            }
        }
        return $"{(start > 0 ? "…" : "")}{body[start..end]}{(end < body.Length ? "…" : "")}";
    }

    /// <summary>Removes the user's credential and any recognised secret.</summary>
    private string Clean(string text) => secrets.Redact(auth is null ? text : auth.Scrub(text));
}
