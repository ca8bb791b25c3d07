using System.Xml;

namespace Bulwark.Scanning.Web.Discovery;

/// <summary>
/// robots.txt and sitemap.xml: the paths a site lists (and hides) for crawlers. Bounded: at most
/// <see cref="MaxEntries"/> entries each, no DTDs, no external entities.
/// </summary>
internal static class SiteIndexReader
{
    public const int MaxEntries = 1_000;

    /// <summary>Allow/Disallow paths without wildcards, and the Sitemap URLs.</summary>
    public static (List<string> Paths, List<string> Sitemaps) ReadRobots(string text)
    {
        var paths = new List<string>();
        var sitemaps = new List<string>();
        foreach (var raw in text.Split('\n').Take(10 * MaxEntries))
        {
            var line = raw.Split('#')[0].Trim();
            var colon = line.IndexOf(':');
            if (colon <= 0)
            {
                continue;
            }
            var key = line[..colon].Trim().ToLowerInvariant();
            var value = line[(colon + 1)..].Trim();
            if (key is "allow" or "disallow" && value.StartsWith('/') && paths.Count < MaxEntries)
            {
                var cut = value.IndexOfAny(['*', '$']);
                paths.Add(cut < 0 ? value : value[..cut]);
            }
            else if (key == "sitemap" && sitemaps.Count < 10)
            {
                sitemaps.Add(value);
            }
        }
        return (paths.Distinct(StringComparer.Ordinal).ToList(), sitemaps);
    }

    /// <summary>The &lt;loc&gt; values of a sitemap or sitemap index; an invalid document yields what was read before the error.</summary>
    public static List<string> ReadSitemap(string xml)
    {
        var locations = new List<string>();
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            MaxCharactersInDocument = 10_000_000,
            IgnoreComments = true,
        };
        try
        {
            using var reader = XmlReader.Create(new StringReader(xml), settings);
            while (locations.Count < MaxEntries && reader.Read())
            {
                if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "loc")
                {
                    locations.Add(reader.ReadElementContentAsString().Trim());
                }
            }
        }
        catch (XmlException)
        {
            // Partial results: what was read before the error is still useful.
        }
        return locations;
    }
}
