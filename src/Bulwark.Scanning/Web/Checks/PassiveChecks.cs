using System.Collections.Concurrent;
using Bulwark.Core.Findings;
using Bulwark.Scanning.Web.Http;

namespace Bulwark.Scanning.Web.Checks;

/// <summary>
/// Checks every response the scan receives, whatever probe sent it: security headers, cookie flags, version
/// banners, stack traces, directory listings and secrets. Header and banner findings are reported once per
/// scan (the first URL that showed them); the others once per path.
/// </summary>
internal sealed class PassiveChecks(DastFindings findings, SecretFinder secrets)
{
    private static readonly string[] BannerHeaders = ["Server", "X-Powered-By", "X-AspNet-Version", "X-AspNetMvc-Version", "X-Generator", "X-Runtime-Version"];

    private readonly ConcurrentDictionary<string, byte> _once = new(StringComparer.OrdinalIgnoreCase);

    public void Inspect(DastResponse response)
    {
        if (response.Status == 0)
        {
            return;
        }
        Headers(response);
        Cookies(response);
        Banners(response);
        Body(response);
    }

    private bool Once(string key) => _once.TryAdd(key, 0);

    private void Headers(DastResponse response)
    {
        if (!response.Ok)
        {
            return;
        }
        var https = response.Url.Scheme == Uri.UriSchemeHttps;
        if (https && response.Header("Strict-Transport-Security") is null)
        {
            Missing(response, "Strict-Transport-Security", "HTTPS responses do not set Strict-Transport-Security: browsers may still be downgraded to HTTP");
        }
        if (!string.Equals(response.Header("X-Content-Type-Options")?.Trim(), "nosniff", StringComparison.OrdinalIgnoreCase) && response.Body.Length > 0)
        {
            Missing(response, "X-Content-Type-Options", "responses lack `X-Content-Type-Options: nosniff`: browsers may sniff uploaded or reflected content as HTML or script");
        }
        if (!response.IsHtml)
        {
            return;
        }
        var csp = response.Header("Content-Security-Policy");
        if (csp is null)
        {
            Missing(response, "Content-Security-Policy", "HTML pages have no Content-Security-Policy: an injected script runs unhindered");
        }
        if (response.Header("X-Frame-Options") is null && (csp is null || !csp.Contains("frame-ancestors", StringComparison.OrdinalIgnoreCase)))
        {
            Missing(response, "X-Frame-Options", "HTML pages can be framed by any site (no X-Frame-Options, no CSP frame-ancestors): clickjacking");
        }
        if (response.Header("Referrer-Policy") is null)
        {
            Missing(response, "Referrer-Policy", "HTML pages set no Referrer-Policy: full URLs (with tokens in queries) leak to other sites");
        }
    }

    private void Missing(DastResponse response, string header, string message)
    {
        if (Once($"header|{header}"))
        {
            findings.Add(DastRules.MissingHeader, response, response.Url, message, header, properties: new Dictionary<string, string> { ["header"] = header });
        }
    }

    private void Cookies(DastResponse response)
    {
        foreach (var cookie in response.HeaderValues("Set-Cookie").Take(50))
        {
            var parts = cookie.Split(';');
            var eq = parts[0].IndexOf('=');
            var name = (eq < 0 ? parts[0] : parts[0][..eq]).Trim();
            if (name.Length == 0)
            {
                continue;
            }
            var attributes = parts.Skip(1).Select(p => p.Trim()).ToList();
            bool Has(string attribute) => attributes.Any(a => a.Equals(attribute, StringComparison.OrdinalIgnoreCase) || a.StartsWith(attribute + "=", StringComparison.OrdinalIgnoreCase));
            // A deletion (expired, empty value) carries nothing to steal.
            if (eq >= 0 && parts[0][(eq + 1)..].Trim().Length == 0)
            {
                continue;
            }
            if (!Has("Secure"))
            {
                Flag(response, name, "Secure", $"cookie '{name}' is set without Secure: it is sent over plain HTTP");
            }
            if (!Has("HttpOnly"))
            {
                Flag(response, name, "HttpOnly", $"cookie '{name}' is set without HttpOnly: scripts (and any XSS) can read it");
            }
            var sameSite = attributes.FirstOrDefault(a => a.StartsWith("SameSite", StringComparison.OrdinalIgnoreCase));
            if (sameSite is null || (sameSite.EndsWith("=None", StringComparison.OrdinalIgnoreCase) && !Has("Secure")))
            {
                Flag(response, name, "SameSite", $"cookie '{name}' is set without SameSite=Lax or Strict: it rides along on cross-site requests");
            }
        }
    }

    private void Flag(DastResponse response, string cookie, string flag, string message)
    {
        if (Once($"cookie|{cookie}|{flag}"))
        {
            findings.Add(DastRules.CookieFlags, response, response.Url, message, $"{cookie}|{flag}",
                properties: new Dictionary<string, string> { ["header"] = "Set-Cookie", ["flag"] = flag, ["cookie"] = cookie });
        }
    }

    private void Banners(DastResponse response)
    {
        foreach (var header in BannerHeaders)
        {
            if (response.Header(header) is not { Length: > 0 } value)
            {
                continue;
            }
            var versioned = ResponsePatterns.Version().IsMatch(value);
            if ((versioned || header != "Server") && Once($"banner|{header}|{value}"))
            {
                findings.Add(DastRules.Banner, response, response.Url, $"{header}: {value} tells attackers what runs here{(versioned ? " and which version" : "")}",
                    $"{header}|{value}", severity: versioned ? Severity.Low : Severity.Info,
                    properties: new Dictionary<string, string> { ["header"] = header, ["banner"] = value.Length > 100 ? value[..100] : value });
            }
        }
    }

    private void Body(DastResponse response)
    {
        if (response.Body.Length == 0)
        {
            return;
        }
        var path = response.Url.AbsolutePath;
        var trace = ResponsePatterns.StackTrace().Match(response.Body);
        var sql = trace.Success ? trace : ResponsePatterns.SqlError().Match(response.Body);
        if (sql.Success)
        {
            findings.Add(DastRules.ErrorDisclosure, response, response.Url,
                $"{path} answers with {(trace.Success ? "a stack trace or developer error page" : "a raw database error")}", "error", at: sql.Index);
        }
        if (ResponsePatterns.DirectoryListing().Match(response.Body) is { Success: true } listing && response.Ok)
        {
            findings.Add(DastRules.DirectoryListing, response, response.Url, $"{path} lists the files of its folder", "listing", at: listing.Index);
        }
        foreach (var match in secrets.Find(response.Body, path).Take(10))
        {
            var rule = secrets.Rules[match.RuleIndex];
            findings.Add(DastRules.SecretInResponse, response, response.Url, $"{path} returns a {rule.Title}",
                $"{rule.Id}|{Fingerprint.DigestOf(match.Secret)}", at: match.Start, severity: rule.Severity,
                properties: new Dictionary<string, string> { ["secretRule"] = rule.Id });
        }
    }
}
