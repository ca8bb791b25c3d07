using Bulwark.Server.Access;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Bulwark.Server.Tests.Access;

/// <summary>One (method, route) the server maps, with the permission it declares (null: none).</summary>
internal sealed record MappedEndpoint(string Method, string Pattern, Permission? Permission, bool StepUp, bool AllowsAnonymous)
{
    public bool IsApi => Pattern.StartsWith("/api/v1/", StringComparison.Ordinal) && !Pattern.EndsWith("openapi.json", StringComparison.Ordinal);

    public override string ToString() => $"{Method} {Pattern}";
}

/// <summary>Every endpoint of a built server, read from its endpoint data sources (API and Razor pages alike).</summary>
internal static class EndpointCatalog
{
    public static IReadOnlyList<MappedEndpoint> List(WebApplication app) =>
        ((IEndpointRouteBuilder)app).DataSources.SelectMany(d => d.Endpoints).OfType<RouteEndpoint>()
            .SelectMany(Describe).Distinct().OrderBy(e => e.Pattern, StringComparer.Ordinal).ThenBy(e => e.Method, StringComparer.Ordinal).ToList();

    private static IEnumerable<MappedEndpoint> Describe(RouteEndpoint endpoint)
    {
        var pattern = endpoint.RoutePattern.RawText ?? "";
        pattern = "/" + pattern.Trim('/');
        var policies = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy).OfType<string>().ToArray();
        var permission = endpoint.Metadata.GetMetadata<PermissionRequirement>()?.Permission ?? FromPolicies(policies);
        var stepUp = policies.Any(p => p.EndsWith(":step-up", StringComparison.Ordinal));
        var anonymous = endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null;
        var methods = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["*"];
        return methods.Select(m => new MappedEndpoint(m, pattern, permission, stepUp, anonymous));
    }

    /// <summary>Razor pages declare their permission as <c>[Authorize(Policy = "perm:X")]</c>.</summary>
    private static Permission? FromPolicies(IEnumerable<string> policies)
    {
        foreach (var policy in policies)
        {
            var parts = policy.Split(':');
            if (parts.Length >= 2 && parts[0] == "perm" && Enum.TryParse<Permission>(parts[1], out var permission))
            {
                return permission;
            }
        }
        return null;
    }
}
