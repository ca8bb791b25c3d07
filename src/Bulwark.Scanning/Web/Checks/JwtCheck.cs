using System.Text;
using System.Text.Json;
using Bulwark.Scanning.Web.Discovery;
using Bulwark.Scanning.Web.Http;

namespace Bulwark.Scanning.Web.Checks;

/// <summary>
/// When the --auth-header carries a JWT: finds an endpoint that answers 2xx with it and 401/403 without it,
/// then sends the same claims re-signed with <c>alg: none</c> and with the signature removed. Acceptance of
/// either is a forged identity. The forged tokens travel in the credential header, so they are redacted too.
/// </summary>
internal static class JwtCheck
{
    public const int MaxCandidates = 10;

    public static async Task RunAsync(ScanContext scan, IReadOnlyList<Endpoint> endpoints, CancellationToken cancellationToken)
    {
        if (scan.Http.Auth is not { } auth || Split(auth.Token) is not { } parts)
        {
            return;
        }
        var scheme = auth.Value.Length > auth.Token.Length ? auth.Value[..^auth.Token.Length] : "";
        var candidates = endpoints.Where(e => e.RequiresAuth).Concat(endpoints).Where(e => e.Method == "GET").DistinctBy(e => e.Key).Take(MaxCandidates);
        foreach (var endpoint in candidates)
        {
            if (EndpointRequests.Build(endpoint, false) is not { } request)
            {
                continue;
            }
            var with = await scan.Http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            if (with is not { Ok: true })
            {
                continue;
            }
            var without = await scan.Http.SendAsync(request with { Authenticated = false }, cancellationToken).ConfigureAwait(false);
            if (without is null || without.Status is not (401 or 403))
            {
                continue;
            }
            var none = $"{Base64Url("{\"alg\":\"none\",\"typ\":\"JWT\"}")}.{parts.Payload}.";
            var unsigned = $"{parts.Header}.{parts.Payload}.";
            foreach (var (forged, how) in new[] { (none, "alg: none"), (unsigned, "an empty signature") })
            {
                var attempt = request with { Headers = [new(auth.Name, scheme + forged)] };
                var response = await scan.Http.SendAsync(attempt, cancellationToken).ConfigureAwait(false);
                if (response is { Ok: true })
                {
                    scan.Findings.Add(DastRules.JwtNone, response, new Uri(endpoint.Url, endpoint.Path),
                        $"{endpoint.Path} accepted the scan's token re-written with {how} (it refuses requests without a token)", how, at: 0,
                        requestLine: $"{attempt.RequestLine} ({auth.Name}: {scheme}<token with {how}>)",
                        properties: new Dictionary<string, string> { ["header"] = auth.Name, ["variant"] = how });
                }
            }
            return;
        }
    }

    private static (string Header, string Payload)? Split(string token)
    {
        var parts = token.Split('.');
        if (parts.Length != 3)
        {
            return null;
        }
        try
        {
            var padded = parts[0].Replace('-', '+').Replace('_', '/');
            padded += new string('=', (4 - padded.Length % 4) % 4);
            using var header = JsonDocument.Parse(Convert.FromBase64String(padded));
            return header.RootElement.TryGetProperty("alg", out _) ? (parts[0], parts[1]) : null;
        }
        catch (Exception ex) when (ex is FormatException or JsonException)
        {
            return null;
        }
    }

    private static string Base64Url(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
