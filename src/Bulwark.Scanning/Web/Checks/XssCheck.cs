namespace Bulwark.Scanning.Web.Checks;

/// <summary>
/// Reflected XSS with a unique marker, judged by the browser's own reading of the page: the payload
/// <c>MARK'"&gt;&lt;MARK&gt;</c> is reported when the parsed DOM holds an element named after the marker
/// (text or attribute context broken out of), or when a script block holds the marker followed by an unescaped
/// quote (JavaScript string context). Encoded reflections are not findings. One request per input.
/// </summary>
internal static class XssCheck
{
    public static async Task RunAsync(ParameterProbe probe, CancellationToken cancellationToken)
    {
        if (!probe.Baseline.IsHtml)
        {
            return;
        }
        var marker = ScanContext.Marker();
        var payload = $"{marker}'\"><{marker}>";
        var response = await probe.SendAsync(payload, cancellationToken).ConfigureAwait(false);
        if (response is null || !response.IsHtml || !response.Body.Contains(marker, StringComparison.Ordinal))
        {
            return;
        }
        using var document = Discovery.HtmlExtractor.Parse(response.Body);
        var at = response.Body.IndexOf($"<{marker}>", StringComparison.Ordinal);
        if (document.GetElementsByTagName(marker).Length > 0)
        {
            probe.Report(DastRules.Xss, response, $"parameter '{probe.Parameter.Name}' is reflected unencoded into HTML: the scan's marker became an element", at,
                new() { ["context"] = "html" });
            return;
        }
        foreach (var script in document.Scripts)
        {
            var text = script.Text;
            var index = text.IndexOf(marker, StringComparison.Ordinal);
            if (index >= 0 && index + marker.Length < text.Length && text[index + marker.Length] is '\'' or '"')
            {
                probe.Report(DastRules.Xss, response, $"parameter '{probe.Parameter.Name}' is reflected into a script with its quotes unescaped: it can end the string and run code",
                    response.Body.IndexOf(marker, StringComparison.Ordinal), new() { ["context"] = "script" });
                return;
            }
        }
    }
}
