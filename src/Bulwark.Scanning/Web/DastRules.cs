using Bulwark.Core.Findings;

namespace Bulwark.Scanning.Web;

/// <summary>Every DAST rule (documented in docs/dast.md). Ids are <c>dast-</c> plus the category word.</summary>
internal static class DastRules
{
    private const string Html = "Content-Type: text/html; charset=utf-8";
    private const string Hardened = "Content-Type: text/html; charset=utf-8\nContent-Security-Policy: default-src 'self'; frame-ancestors 'none'\nX-Content-Type-Options: nosniff\nReferrer-Policy: no-referrer\nX-Frame-Options: DENY";

    public static readonly DastRule MissingHeader = new("dast-missing-header", "missing-header", "Security header missing",
        "A response lacks a browser security header (Content-Security-Policy, X-Content-Type-Options, X-Frame-Options or CSP frame-ancestors, Referrer-Policy; Strict-Transport-Security over HTTPS).",
        Severity.Low,
        "Send the header on every response, e.g. `Content-Security-Policy: default-src 'self'; frame-ancestors 'none'`, `X-Content-Type-Options: nosniff`, `Referrer-Policy: no-referrer`, and over HTTPS `Strict-Transport-Security: max-age=31536000`.")
    {
        MustMatch = [new(200, Html, "<html><body>hi</body></html>"), new(200, Hardened, "<p>x</p>", Https: true)],
        MustNotMatch = [new(200, Hardened, "<html><body>hi</body></html>"), new(404, "Content-Type: text/plain\nX-Content-Type-Options: nosniff", "")],
    };

    public static readonly DastRule CookieFlags = new("dast-cookie-flags", "cookie-flags", "Cookie without Secure, HttpOnly or SameSite",
        "A Set-Cookie header lacks the Secure flag (sent over plain HTTP), the HttpOnly flag (readable by scripts, so stolen by any XSS) or a SameSite attribute (sent on cross-site requests).",
        Severity.Low,
        "Set cookies with `Secure; HttpOnly; SameSite=Lax` (or Strict); in ASP.NET Core `CookieOptions { Secure = true, HttpOnly = true, SameSite = SameSiteMode.Lax }`.")
    {
        MustMatch = [new(200, Hardened + "\nSet-Cookie: session=abc; path=/", "")],
        MustNotMatch = [new(200, Hardened + "\nSet-Cookie: session=abc; path=/; secure; httponly; samesite=lax", "")],
    };

    public static readonly DastRule Cors = new("dast-cors", "cors", "CORS trusts any origin",
        "The service echoes an arbitrary Origin (or `null`, or `*`) in Access-Control-Allow-Origin, with credentials allowed: any web site can read authenticated responses.",
        Severity.High,
        "Allow a fixed list of trusted origins (`WithOrigins(\"https://app.example\")`); never reflect the request's Origin, never combine `*` or `null` with `Access-Control-Allow-Credentials: true`.");

    public static readonly DastRule Banner = new("dast-banner", "banner", "Version banner",
        "A header (Server, X-Powered-By, X-AspNet-Version, …) names the software and its version, which tells attackers which exploits to try.",
        Severity.Low,
        "Remove the header or its version (Kestrel: `options.AddServerHeader = false`; nginx: `server_tokens off`; Express: `app.disable('x-powered-by')`).")
    {
        MustMatch = [new(200, Hardened + "\nServer: nginx/1.18.0", ""), new(200, Hardened + "\nX-Powered-By: PHP/8.1.2", "")],
        MustNotMatch = [new(200, Hardened, "")],
    };

    public static readonly DastRule ErrorDisclosure = new("dast-error-disclosure", "error-disclosure", "Stack trace or framework error page",
        "A response shows a stack trace, a framework's developer error page or a raw database error: it discloses code paths, versions and sometimes data.",
        Severity.Medium,
        "Turn off developer error pages in deployed environments (ASP.NET Core: no UseDeveloperExceptionPage outside Development; Flask: debug=False; Django: DEBUG=False) and return a generic error body; log the details server-side.")
    {
        MustMatch =
        [
            new(500, Hardened, "Traceback (most recent call last):\n  File \"/app/main.py\", line 3, in <module>\nValueError: x"),
            new(500, Hardened, "System.InvalidOperationException: boom\n   at Demo.Program.Main(String[] args) in /src/Program.cs:line 12"),
        ],
        MustNotMatch = [new(500, Hardened, "<h1>Something went wrong</h1>")],
    };

    public static readonly DastRule ExposedFile = new("dast-exposed-file", "exposed-file", "Sensitive file exposed",
        "A file that must never be served is downloadable: git metadata, environment files with credentials, backups, database dumps, private keys.",
        Severity.High,
        "Remove the file from the web root and deny dot-files and backups in the server (nginx: `location ~ /\\. { deny all; }`); build images from a clean context (.dockerignore).");

    public static readonly DastRule DirectoryListing = new("dast-directory-listing", "directory-listing", "Directory listing enabled",
        "The server lists a folder's files, exposing names of files that were never linked (backups, models, configs).",
        Severity.Medium,
        "Disable directory browsing (ASP.NET Core: no UseDirectoryBrowser; nginx: `autoindex off`; Apache: `Options -Indexes`).")
    {
        MustMatch = [new(200, Hardened, "<html><head><title>Index of /files/</title></head><body><a href=\"a.txt\">a.txt</a></body></html>")],
        MustNotMatch = [new(200, Hardened, "<html><head><title>Files</title></head><body>Index of our products</body></html>")],
    };

    public static readonly DastRule DebugEndpoint = new("dast-debug-endpoint", "debug-endpoint", "Debug or diagnostics endpoint exposed",
        "A debug console, diagnostics page or runtime metrics endpoint answers without authentication (Werkzeug console, Spring actuator, pprof, server-status, phpinfo, Prometheus metrics).",
        Severity.High,
        "Disable debug tooling in deployed builds; serve metrics and diagnostics on an internal port or behind authentication.");

    public static readonly DastRule Xss = new("dast-xss", "xss", "Reflected cross-site scripting",
        "A parameter is reflected into an HTML response without encoding for its context: the scan's marker became a new element, an attribute, or script code.",
        Severity.High,
        "Encode output for its context (HTML text, attribute, JavaScript string) with the framework's encoder (Razor `@value`, Jinja autoescape, `HtmlEncoder.Default`), and add a Content-Security-Policy without 'unsafe-inline'.");

    public static readonly DastRule Sqli = new("dast-sqli", "sqli", "SQL injection",
        "A parameter reaches a SQL statement unescaped: a quote causes a database error, true and false conditions change the answer, or a sleep call delays it.",
        Severity.Critical,
        "Use parameterised queries (`SqliteCommand.Parameters.AddWithValue`, `cursor.execute(sql, (value,))`, an ORM); never build SQL by string concatenation.");

    public static readonly DastRule PathTraversal = new("dast-path-traversal", "path-traversal", "Path traversal",
        "A parameter used as a file name reads files outside the intended folder (the scan read /etc/passwd or win.ini).",
        Severity.Critical,
        "Map names to files through an allow-list, or resolve the full path and check it stays under the base folder (`Path.GetFullPath(...).StartsWith(baseDir)`; `os.path.realpath` and `commonpath` in Python).");

    public static readonly DastRule OpenRedirect = new("dast-open-redirect", "open-redirect", "Open redirect",
        "A parameter decides where the response redirects to, and any external site is accepted: phishing links look like they point at this service.",
        Severity.Medium,
        "Redirect only to relative paths or an allow-list of hosts (ASP.NET Core `LocalRedirect` / `Url.IsLocalUrl`).");

    public static readonly DastRule Ssrf = new("dast-ssrf", "ssrf", "Server-side request forgery",
        "A parameter takes a URL that the server fetches itself, whatever host it names: attackers reach internal services and cloud metadata through it.",
        Severity.High,
        "Fetch only from an allow-list of hosts; resolve the name and refuse private, loopback and link-local addresses; disable redirects on the server's HTTP client.");

    public static readonly DastRule UnauthenticatedEndpoint = new("dast-unauthenticated-endpoint", "unauthenticated-endpoint", "Model artifact or admin endpoint without authentication",
        "Model weights, checkpoints, tokenizer files or an admin / model-reload endpoint answer without credentials: anyone can steal the model or change what is served.",
        Severity.High,
        "Serve model artifacts from a private store (signed URLs, registry with access control), never from the web root; put admin and reload endpoints behind authentication on an internal port.");

    public static readonly DastRule MissingRateLimit = new("dast-missing-rate-limit", "missing-rate-limit", "No rate limiting",
        "A bounded burst of requests to an inference or login endpoint got no 429: the service can be scraped, brute-forced or run up a GPU bill.",
        Severity.Medium,
        "Add a rate limiter per client or token (ASP.NET Core `AddRateLimiter`, nginx `limit_req`, an API gateway quota) that answers 429 with Retry-After.");

    public static readonly DastRule OversizedBody = new("dast-oversized-body", "oversized-body", "Oversized request body accepted",
        "An inference endpoint accepted a body of several megabytes: a handful of such requests exhausts memory or GPU time.",
        Severity.Medium,
        "Limit request bodies to what the model needs (Kestrel `MaxRequestBodySize`, nginx `client_max_body_size`, `[RequestSizeLimit]`) and cap prompt/token length.");

    public static readonly DastRule AuthBypass = new("dast-auth-bypass", "auth-bypass", "Authentication not enforced",
        "An operation whose OpenAPI document demands credentials answered 2xx when called without any.",
        Severity.High,
        "Enforce authentication on the operation (ASP.NET Core `RequireAuthorization()`, a fallback policy that requires an authenticated user, FastAPI `Depends(security)`), and test it.");

    public static readonly DastRule PromptInjection = new("dast-prompt-injection", "prompt-injection", "System prompt disclosed to prompt injection",
        "An LLM endpoint answered a prompt-injection canary with text that looks like its system prompt or hidden instructions.",
        Severity.Medium,
        "Keep secrets and policy out of the system prompt, filter model output for system-prompt text, and place an input/output guard before the model; treat the prompt as public.");

    public static readonly DastRule JwtNone = new("dast-jwt-none", "jwt-none", "JWT accepted without a valid signature",
        "The service accepted the scan's bearer token re-written with `alg: none` or with its signature removed: anyone can forge any identity.",
        Severity.Critical,
        "Validate tokens with a fixed algorithm list and the issuer's key (`TokenValidationParameters { ValidAlgorithms = [\"RS256\"], RequireSignedTokens = true }`; PyJWT `algorithms=[\"RS256\"]`).");

    public static readonly DastRule SecretInResponse = new("dast-secret-in-response", "secret", "Secret in a response",
        "A response body contains a credential that one of the secret-scanning rules recognises.",
        Severity.High,
        "Remove the credential from the response and rotate it; never return configuration or environment values to clients.");

    public static IReadOnlyList<DastRule> All { get; } =
    [
        MissingHeader, CookieFlags, Cors, Banner, ErrorDisclosure, ExposedFile, DirectoryListing, DebugEndpoint, Xss, Sqli,
        PathTraversal, OpenRedirect, Ssrf, UnauthenticatedEndpoint, MissingRateLimit, OversizedBody, AuthBypass, PromptInjection,
        JwtNone, SecretInResponse,
    ];
}
