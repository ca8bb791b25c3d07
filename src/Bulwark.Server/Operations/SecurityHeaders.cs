using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Bulwark.Server.Operations;

/// <summary>
/// Headers on every response. The UI is server-rendered, so the CSP forbids all script and allows styles and images
/// from this origin only; framing is refused outright. HSTS only over HTTPS.
/// One page needs a script: a running job's log view follows the log with <c>EventSource</c> from
/// <c>/js/log-stream.js</c>. Only a response that opts in (<see cref="AllowOwnScripts"/>) gets
/// <see cref="ScriptContentSecurityPolicy"/>, which adds <c>script-src 'self'</c> and <c>connect-src 'self'</c> and
/// keeps everything else. 'self' admits no script an attacker controls: inline script stays forbidden, and the only
/// same-origin responses with untrusted bytes (logs as text/plain, artifacts as application/octet-stream) are
/// refused as scripts because of <c>nosniff</c>.
/// </summary>
internal static class SecurityHeaders
{
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    public const string ScriptContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    private static readonly object OwnScriptsKey = new();

    /// <summary>This response is a page that loads the server's own scripts (call before the response starts).</summary>
    public static void AllowOwnScripts(HttpContext http) => http.Items[OwnScriptsKey] = true;

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = context.Items.ContainsKey(OwnScriptsKey) ? ScriptContentSecurityPolicy : ContentSecurityPolicy;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            headers["Cross-Origin-Opener-Policy"] = "same-origin";
            headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";
            if (context.Request.IsHttps)
            {
                headers.StrictTransportSecurity = "max-age=31536000";
            }
            if (!headers.ContainsKey("Cache-Control"))
            {
                headers.CacheControl = "no-store";
            }
            return Task.CompletedTask;
        });
        await next(context);
    });
}
