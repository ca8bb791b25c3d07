using System.Net;
using Bulwark.Scanning.Web.Http;

namespace Bulwark.Scanning.Web.Checks;

/// <summary>
/// Whether two responses are "the same page" for boolean-based probing: same status and the same body (long
/// pages: lengths within 2%) once the probe's own reflected text is removed.
/// </summary>
internal static class ResponseDiff
{
    public static bool Similar(DastResponse a, DastResponse b, params string[] reflected)
    {
        if (a.Status != b.Status)
        {
            return false;
        }
        var x = Strip(a.Body, reflected);
        var y = Strip(b.Body, reflected);
        if (x == y)
        {
            return true;
        }
        // Short bodies (JSON answers) must match exactly; long pages may differ by 2% (timestamps, tokens).
        var longer = Math.Max(x.Length, y.Length);
        return longer >= 200 && Math.Abs(x.Length - y.Length) <= longer / 50;
    }

    private static string Strip(string body, string[] reflected)
    {
        foreach (var text in reflected.Where(t => t.Length > 0))
        {
            body = body.Replace(text, "", StringComparison.Ordinal)
                .Replace(WebUtility.HtmlEncode(text), "", StringComparison.Ordinal)
                .Replace(System.Text.Json.JsonEncodedText.Encode(text).ToString(), "", StringComparison.Ordinal);
        }
        return body;
    }
}
