using System.Text.RegularExpressions;

namespace Bulwark.Scanning.Web.Checks;

/// <summary>
/// SSRF on inputs that take URLs (by name or value). With the out-of-band listener (loopback targets) a URL
/// pointing at it with a unique token proves the fetch. Otherwise a URL on a reserved unresolvable host
/// (<c>.invalid</c>) is sent: an answer that reports the failed name lookup or connection shows the server tried
/// to fetch an arbitrary URL.
/// </summary>
internal static partial class SsrfCheck
{
    public const string Host = "bulwark-ssrf.invalid";

    public static bool Applies(ParameterProbe probe) =>
        probe.NameLike(UrlName()) || probe.Parameter.Sample.StartsWith("http", StringComparison.OrdinalIgnoreCase);

    public static async Task RunAsync(ParameterProbe probe, OobListener? listener, TimeProvider time, CancellationToken cancellationToken)
    {
        if (!Applies(probe))
        {
            return;
        }
        var token = ScanContext.Marker();
        if (listener is not null)
        {
            var response = await probe.SendAsync(listener.UrlFor(token), cancellationToken).ConfigureAwait(false);
            if (response is not null && await listener.WaitForAsync(token, TimeSpan.FromSeconds(1), time, cancellationToken).ConfigureAwait(false))
            {
                probe.Report(DastRules.Ssrf, response, $"parameter '{probe.Parameter.Name}' makes the server fetch any URL (the scan's loopback listener received the request)", 0,
                    new() { ["confirmed"] = "out-of-band" });
                return;
            }
        }
        var payload = $"http://{token}.{Host}/";
        var blind = await probe.SendAsync(payload, cancellationToken).ConfigureAwait(false);
        // The payload itself may be echoed back: only the server's own failure message counts.
        if (blind is not null && FetchFailure().Match(blind.Body.Replace(payload, "", StringComparison.Ordinal)) is { Success: true } failure && !FetchFailure().IsMatch(probe.Baseline.Body))
        {
            probe.Report(DastRules.Ssrf, blind, $"parameter '{probe.Parameter.Name}' makes the server fetch any URL (it reported failing to reach {Host})", failure.Index,
                new() { ["confirmed"] = "error-message" });
        }
    }

    [GeneratedRegex(@"(?i)url|uri|link|src|source|callback|webhook|hook|feed|fetch|proxy|endpoint|^host$|image|img|avatar|remote|model_url|download|^dest|^target$|^site$|^server$|import")]
    private static partial Regex UrlName();

    [GeneratedRegex(@"(?i)Name or service not known|No such host is known|nodename nor servname|getaddrinfo|Temporary failure in name resolution|Could not resolve host|Failed to resolve|NameResolutionError|Max retries exceeded with url", RegexOptions.NonBacktracking)]
    private static partial Regex FetchFailure();
}
