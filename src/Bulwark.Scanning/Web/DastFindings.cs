using System.Collections.Concurrent;
using Bulwark.Core.Findings;
using Bulwark.Scanning.Web.Http;

namespace Bulwark.Scanning.Web;

/// <summary>
/// Collects findings from every check, once per fingerprint (rule, host, path, subject). Evidence is the
/// request line, the status and an excerpt of the response around what was found, with secrets and the
/// --auth-header value redacted before it is stored.
/// </summary>
internal sealed class DastFindings(SecretFinder secrets, AuthHeader? auth)
{
    public const int ExcerptChars = 240;
    public const int MaxFindings = 2_000;

    private readonly ConcurrentDictionary<string, (int Order, Finding Finding)> _findings = new(StringComparer.Ordinal);
    private int _order;

    public int Count => _findings.Count;

    public IReadOnlyList<Finding> All => [.. _findings.Values.OrderBy(f => f.Order).Select(f => f.Finding)];

    public bool Has(DastRule rule) => _findings.Values.Any(f => f.Finding.RuleId == rule.Id);

    /// <summary>Adds a finding unless one with the same subject exists. <paramref name="at"/> marks what to excerpt from the body.</summary>
    public void Add(DastRule rule, DastResponse? response, Uri url, string message, string subject, int at = -1, Severity? severity = null,
        IReadOnlyDictionary<string, string>? properties = null, string? requestLine = null)
    {
        var path = url.AbsolutePath;
        var fingerprint = Fingerprint.Create(rule.Id, url.Authority, path, subject);
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
            var start = Math.Max(0, Math.Min(at, response.Body.Length) - ExcerptChars / 3);
            var length = Math.Min(ExcerptChars, response.Body.Length - start);
            text += $"\n{(start > 0 ? "…" : "")}{response.Body.Substring(start, length)}{(start + length < response.Body.Length ? "…" : "")}";
        }
        return Clean(text);
    }

    /// <summary>Removes the user's credential and any recognised secret.</summary>
    private string Clean(string text) => secrets.Redact(auth is null ? text : auth.Scrub(text));
}
