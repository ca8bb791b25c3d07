using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Bulwark.Server.Web;

/// <summary>
/// Serves the stylesheet and the one script (the live log view) from the assembly, so the server is a single binary
/// with no wwwroot to deploy.
/// </summary>
internal static class WebAssets
{
    public const string LogStreamScriptPath = "/js/log-stream.js";

    private static readonly Lazy<byte[]> Stylesheet = new(() => Resource("site.css"));

    private static readonly Lazy<byte[]> LogStreamScript = new(() => Resource("log-stream.js"));

    public static IEndpointRouteBuilder MapWebAssets(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/css/site.css", (HttpContext http) => Asset(http, Stylesheet.Value, "text/css; charset=utf-8"))
            .AllowAnonymous().ExcludeFromDescription();
        routes.MapGet(LogStreamScriptPath, (HttpContext http) => Asset(http, LogStreamScript.Value, "text/javascript; charset=utf-8"))
            .AllowAnonymous().ExcludeFromDescription();
        return routes;
    }

    private static IResult Asset(HttpContext http, byte[] content, string contentType)
    {
        http.Response.Headers.CacheControl = "public, max-age=3600";
        return Results.Bytes(content, contentType);
    }

    private static byte[] Resource(string name)
    {
        using var stream = typeof(WebAssets).Assembly.GetManifestResourceStream(name)!;
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
