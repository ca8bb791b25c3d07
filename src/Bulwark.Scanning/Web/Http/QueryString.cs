using System.Text;

namespace Bulwark.Scanning.Web.Http;

/// <summary>Reads and writes <c>a=1&amp;b=2</c> query strings; malformed escapes are kept as they are.</summary>
internal static class QueryString
{
    public const int MaxParameters = 64;

    public static List<KeyValuePair<string, string>> Parse(string query)
    {
        var result = new List<KeyValuePair<string, string>>();
        foreach (var part in query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            if (result.Count == MaxParameters)
            {
                break;
            }
            var eq = part.IndexOf('=');
            var name = Decode(eq < 0 ? part : part[..eq]);
            var value = eq < 0 ? "" : Decode(part[(eq + 1)..]);
            result.Add(new(name, value));
        }
        return result;
    }

    public static string Build(IEnumerable<KeyValuePair<string, string>> parameters)
    {
        var text = new StringBuilder();
        foreach (var (name, value) in parameters)
        {
            text.Append(text.Length == 0 ? "" : "&").Append(Uri.EscapeDataString(name)).Append('=').Append(Uri.EscapeDataString(value));
        }
        return text.ToString();
    }

    /// <summary>The URL with its query replaced.</summary>
    public static Uri With(Uri url, IEnumerable<KeyValuePair<string, string>> parameters)
    {
        var query = Build(parameters);
        return new UriBuilder(url) { Query = query }.Uri;
    }

    private static string Decode(string text)
    {
        try
        {
            return Uri.UnescapeDataString(text.Replace('+', ' '));
        }
        catch (UriFormatException)
        {
            return text;
        }
    }
}
