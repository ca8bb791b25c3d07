using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;

namespace Bulwark.Scanning.Web.Discovery;

/// <summary>A form on a page: where it goes, how, and its named inputs with their default values.</summary>
internal sealed record HtmlForm(string Action, string Method, IReadOnlyList<KeyValuePair<string, string>> Inputs);

/// <summary>What a page points at.</summary>
internal sealed record HtmlLinks(IReadOnlyList<string> Links, IReadOnlyList<string> Scripts, IReadOnlyList<HtmlForm> Forms);

/// <summary>
/// Pulls links, script sources and forms out of HTML with AngleSharp (a real HTML5 parser, so broken markup is
/// read the way browsers read it). Counts are capped: a hostile page cannot make the crawl explode.
/// </summary>
internal static class HtmlExtractor
{
    public const int MaxLinks = 500;
    public const int MaxForms = 50;
    public const int MaxInputs = 50;

    private static readonly HtmlParserOptions Options = new() { IsScripting = false, IsNotConsumingCharacterReferences = false };

    public static IHtmlDocument Parse(string html) => new HtmlParser(Options).ParseDocument(html);

    public static HtmlLinks Extract(string html)
    {
        using var document = Parse(html);
        var links = new List<string>();
        foreach (var element in document.QuerySelectorAll("a[href], area[href], link[href], iframe[src], frame[src]"))
        {
            if (links.Count == MaxLinks)
            {
                break;
            }
            var value = element.GetAttribute("href") ?? element.GetAttribute("src");
            if (!string.IsNullOrWhiteSpace(value) && !IsScriptScheme(value))
            {
                links.Add(value);
            }
        }
        var scripts = document.QuerySelectorAll("script[src]").Select(s => s.GetAttribute("src")!).Where(s => !string.IsNullOrWhiteSpace(s)).Take(MaxLinks).ToList();
        var forms = new List<HtmlForm>();
        foreach (var form in document.Forms.Take(MaxForms))
        {
            var inputs = new List<KeyValuePair<string, string>>();
            foreach (var input in form.Elements.Take(MaxInputs))
            {
                var name = input.GetAttribute("name");
                if (string.IsNullOrEmpty(name) || input is IHtmlButtonElement || input.GetAttribute("type") is "submit" or "button" or "file" or "image" or "reset")
                {
                    continue;
                }
                var value = input switch
                {
                    IHtmlTextAreaElement area => area.Value,
                    IHtmlSelectElement select => select.Options.FirstOrDefault()?.Value ?? "",
                    _ => input.GetAttribute("value") ?? "",
                };
                inputs.Add(new(name, value));
            }
            forms.Add(new HtmlForm(form.GetAttribute("action") ?? "", (form.GetAttribute("method") ?? "get").Trim().ToUpperInvariant(), inputs));
        }
        return new HtmlLinks(links, scripts, forms);
    }

    private static bool IsScriptScheme(string value)
    {
        var trimmed = value.TrimStart();
        return trimmed.StartsWith("javascript:", StringComparison.OrdinalIgnoreCase)
            || trimmed.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase)
            || trimmed.StartsWith("data:", StringComparison.OrdinalIgnoreCase)
            || trimmed.StartsWith("tel:", StringComparison.OrdinalIgnoreCase);
    }
}
