using Bulwark.Core.Findings;
using Bulwark.Scanning.Web.Discovery;
using Bulwark.Scanning.Web.Http;

namespace Bulwark.Scanning.Web.Checks;

/// <summary>
/// Access control of an API: operations the OpenAPI document protects, called without credentials
/// (auth-bypass); model artifacts and admin or reload endpoints it or the crawl names, fetched without
/// credentials (unauthenticated-endpoint); CORS answers to a foreign and a <c>null</c> Origin.
/// </summary>
internal static class ApiChecks
{
    public const string ForeignOrigin = "https://bulwark-cors.invalid";
    public const int MaxCorsTargets = 6;

    public static async Task AuthBypassAsync(ScanContext scan, IReadOnlyList<Endpoint> endpoints, CancellationToken cancellationToken)
    {
        await System.Threading.Tasks.Parallel.ForEachAsync(endpoints.Where(e => e.RequiresAuth), Workers(scan), async (endpoint, _) =>
        {
            if (EndpointRequests.Build(endpoint, scan.Options.AllowDestructive) is not { } request)
            {
                return;
            }
            var response = await scan.Http.SendAsync(request with { Authenticated = false }, cancellationToken).ConfigureAwait(false);
            if (response is { Ok: true })
            {
                scan.Findings.Add(DastRules.AuthBypass, response, new Uri(endpoint.Url, endpoint.Path),
                    $"{endpoint.Method} {endpoint.Path} requires credentials in the OpenAPI document but answered {response.Status} without any", endpoint.Method, at: 0,
                    properties: new Dictionary<string, string> { ["operation"] = $"{endpoint.Method} {endpoint.Path}" });
            }
        }).ConfigureAwait(false);
    }

    public static async Task UnauthenticatedAsync(ScanContext scan, IEnumerable<Uri> candidates, CancellationToken cancellationToken)
    {
        var urls = candidates.Where(u => WellKnownProbes.IsModelArtifact(u.AbsolutePath) || AdminLike(u.AbsolutePath))
            .DistinctBy(u => u.AbsolutePath).Take(50).ToList();
        await System.Threading.Tasks.Parallel.ForEachAsync(urls, Workers(scan), async (url, _) =>
        {
            var response = await scan.Http.SendAsync(DastRequest.Get(url) with { Authenticated = false }, cancellationToken).ConfigureAwait(false);
            if (response is not null && scan.IsRealHit(response) && !response.Body.Contains("type=\"password\"", StringComparison.OrdinalIgnoreCase))
            {
                var what = WellKnownProbes.IsModelArtifact(url.AbsolutePath) ? "a model artifact" : "an admin or reload endpoint";
                scan.Findings.Add(DastRules.UnauthenticatedEndpoint, response, url, $"{url.AbsolutePath} serves {what} without credentials", "probe", at: 0);
            }
        }).ConfigureAwait(false);
    }

    public static bool AdminLike(string path) =>
        path.Contains("/admin", StringComparison.OrdinalIgnoreCase) || path.Contains("reload", StringComparison.OrdinalIgnoreCase)
        || path.Contains("/management", StringComparison.OrdinalIgnoreCase);

    public static async Task CorsAsync(ScanContext scan, IReadOnlyList<Endpoint> endpoints, CancellationToken cancellationToken)
    {
        var targets = new List<Uri> { scan.Http.Scope.Target };
        targets.AddRange(endpoints.Where(e => e.Method == "GET").Select(e => EndpointRequests.Build(e, false)?.Url).OfType<Uri>().Take(MaxCorsTargets - 1));
        foreach (var url in targets.DistinctBy(u => u.AbsolutePath))
        {
            foreach (var origin in (string[])[ForeignOrigin, "null"])
            {
                var request = DastRequest.Get(url) with { Headers = [new("Origin", origin)] };
                var response = await scan.Http.SendAsync(request, cancellationToken).ConfigureAwait(false);
                if (response is null || response.Header("Access-Control-Allow-Origin") is not { } allowed)
                {
                    continue;
                }
                var credentials = string.Equals(response.Header("Access-Control-Allow-Credentials")?.Trim(), "true", StringComparison.OrdinalIgnoreCase);
                var reflected = allowed.Trim() == origin;
                var wildcard = allowed.Trim() == "*";
                Severity? severity = (reflected, wildcard, credentials) switch
                {
                    (true, _, true) => Severity.High,
                    (true, _, false) => Severity.Low,
                    (_, true, true) => Severity.Medium,
                    _ => null,
                };
                if (severity is { } level)
                {
                    var what = reflected ? $"reflects the Origin '{origin}'" : "allows any origin (*)";
                    scan.Findings.Add(DastRules.Cors, response, url, $"{url.AbsolutePath} {what}{(credentials ? " with credentials allowed" : "")}", $"{origin}|{allowed}",
                        severity: level, requestLine: $"GET {url.PathAndQuery} (Origin: {origin})",
                        properties: new Dictionary<string, string> { ["header"] = "Access-Control-Allow-Origin", ["origin"] = origin });
                    return;
                }
            }
        }
    }

    private static ParallelOptions Workers(ScanContext scan) => new() { MaxDegreeOfParallelism = scan.Options.Concurrency };
}
