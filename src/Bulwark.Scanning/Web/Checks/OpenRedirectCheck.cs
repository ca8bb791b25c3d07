using System.Text.RegularExpressions;

namespace Bulwark.Scanning.Web.Checks;

/// <summary>
/// Open redirect on inputs that look like destinations: an absolute and a scheme-relative URL to a reserved
/// host (<c>.invalid</c>, never resolvable); a hit is a 3xx whose Location, or a meta refresh, points there.
/// The redirect itself is never followed (it is out of scope).
/// </summary>
internal static partial class OpenRedirectCheck
{
    public const string Host = "bulwark-redirect.invalid";

    public static bool Applies(ParameterProbe probe) =>
        probe.NameLike(Destination()) || probe.Parameter.Sample.StartsWith("http", StringComparison.OrdinalIgnoreCase) || probe.Parameter.Sample.StartsWith('/');

    public static async Task RunAsync(ParameterProbe probe, CancellationToken cancellationToken)
    {
        if (!Applies(probe))
        {
            return;
        }
        foreach (var payload in (string[])[$"https://{Host}/", $"//{Host}/"])
        {
            var response = await probe.SendAsync(payload, cancellationToken).ConfigureAwait(false);
            if (response is null)
            {
                continue;
            }
            var location = response.Header("Location");
            var redirected = response.IsRedirect && Uri.TryCreate(response.Url, location, out var target) && string.Equals(target.Host, Host, StringComparison.OrdinalIgnoreCase);
            var refresh = response.IsHtml ? MetaRefresh().Match(response.Body) : Match.Empty;
            if (redirected || refresh.Success)
            {
                probe.Report(DastRules.OpenRedirect, response, $"parameter '{probe.Parameter.Name}' redirects to any site (Location: {location ?? "meta refresh"})",
                    refresh.Success ? refresh.Index : -1, new() { ["header"] = "Location" });
                return;
            }
        }
    }

    [GeneratedRegex(@"(?i)redir|return|next|url|continue|dest|goto|target|^r$|^u$|^to$|callback|back|forward|^out$|^link$|^go$")]
    private static partial Regex Destination();

    [GeneratedRegex(@"(?i)http-equiv=[""']?refresh[^>]*url=[""']?(?:https?:)?//bulwark-redirect\.invalid", RegexOptions.NonBacktracking)]
    private static partial Regex MetaRefresh();
}
