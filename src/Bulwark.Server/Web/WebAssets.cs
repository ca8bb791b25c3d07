using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Bulwark.Server.Web;

/// <summary>Serves the one stylesheet from the assembly, so the server is a single binary with no wwwroot to deploy.</summary>
internal static class WebAssets
{
    private static readonly Lazy<byte[]> Stylesheet = new(() =>
    {
        using var stream = typeof(WebAssets).Assembly.GetManifestResourceStream("site.css")!;
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    });

    public static IEndpointRouteBuilder MapWebAssets(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/css/site.css", (HttpContext http) =>
        {
            http.Response.Headers.CacheControl = "public, max-age=3600";
            return Results.Bytes(Stylesheet.Value, "text/css; charset=utf-8");
        }).AllowAnonymous().ExcludeFromDescription();
        return routes;
    }
}
