using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Bulwark.Core.Findings;
using Bulwark.Scanning.Web.Http;

namespace Bulwark.Scanning.Web.Discovery;

/// <summary>What the crawl found: pages fetched and the endpoints with inputs the active checks will try.</summary>
internal sealed record CrawlResult(IReadOnlyList<Uri> Pages, IReadOnlyList<Endpoint> Endpoints);

/// <summary>
/// Breadth-first crawl from the start page plus robots.txt and sitemap.xml entries: links, forms and scripts
/// (script files are fetched and their quoted paths read). Bounded by page count, depth, and a cap per path
/// shape (<c>/page/{n}</c>), so endless and calendar-style sites end.
/// </summary>
internal sealed partial class Crawler(DastHttp http, DastOptions options, DastNotices notices)
{
    public const int MaxPerShape = 5;

    private readonly ConcurrentDictionary<string, byte> _seen = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _shapes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Endpoint> _endpoints = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<Uri> _pages = new();
    private int _pageCount;

    public async Task<CrawlResult> CrawlAsync(IEnumerable<Uri> seeds, CancellationToken cancellationToken)
    {
        var level = new List<Uri>();
        foreach (var seed in seeds)
        {
            Enqueue(level, seed);
        }
        for (var depth = 0; depth <= options.MaxDepth && level.Count > 0 && !cancellationToken.IsCancellationRequested; depth++)
        {
            var next = new ConcurrentQueue<Uri>();
            await Parallel.ForEachAsync(level, new ParallelOptions { MaxDegreeOfParallelism = options.Concurrency, CancellationToken = CancellationToken.None }, async (url, _) =>
            {
                if (Interlocked.Increment(ref _pageCount) > options.MaxPages)
                {
                    notices.Add(NoticeLevel.Info, "crawl", $"page limit ({options.MaxPages}) reached; the crawl stopped there", key: "crawl|pages");
                    return;
                }
                foreach (var found in await VisitAsync(url, cancellationToken).ConfigureAwait(false))
                {
                    next.Enqueue(found);
                }
            }).ConfigureAwait(false);
            level = [];
            foreach (var url in next)
            {
                Enqueue(level, url);
            }
            if (depth == options.MaxDepth && level.Count > 0)
            {
                notices.Add(NoticeLevel.Info, "crawl", $"depth limit ({options.MaxDepth}) reached; {level.Count} deeper links not followed");
            }
        }
        return new CrawlResult([.. _pages], [.. _endpoints.Values.OrderBy(e => e.Key, StringComparer.Ordinal)]);
    }

    private void Enqueue(List<Uri> level, Uri url)
    {
        var withoutQuery = new UriBuilder(url) { Query = "", Fragment = "" }.Uri;
        if (url.Query.Length > 1)
        {
            AddEndpoint(new Endpoint("GET", withoutQuery,
                [.. QueryString.Parse(url.Query).Select(p => new EndpointParameter(p.Key, ParameterIn.Query, p.Value))], "crawl"));
        }
        // One fetch per path and parameter-name set: ?page=1 and ?page=2 are the same page to a scanner.
        var key = withoutQuery.AbsoluteUri + "?" + string.Join('&', QueryString.Parse(url.Query).Select(p => p.Key).Order(StringComparer.Ordinal));
        if (!_seen.TryAdd(key, 0))
        {
            return;
        }
        var shape = Shape().Replace(withoutQuery.AbsolutePath, "{n}");
        if (_shapes.AddOrUpdate(shape, 1, (_, count) => count + 1) > MaxPerShape)
        {
            notices.Add(NoticeLevel.Info, "crawl", $"more than {MaxPerShape} pages shaped like {shape}; the others were not fetched", key: $"shape|{shape}");
            return;
        }
        level.Add(url);
    }

    private void AddEndpoint(Endpoint endpoint) => _endpoints.TryAdd(endpoint.Key, endpoint);

    private async Task<List<Uri>> VisitAsync(Uri url, CancellationToken cancellationToken)
    {
        var found = new List<Uri>();
        var response = await http.GetFollowingAsync(url, cancellationToken).ConfigureAwait(false);
        if (response is null)
        {
            return found;
        }
        if (response.Status == 0)
        {
            notices.Add(NoticeLevel.Warning, response.Url.AbsolutePath, response.Error ?? "no response");
            return found;
        }
        _pages.Enqueue(response.Url);
        if (response.Truncated)
        {
            notices.Add(NoticeLevel.Info, response.Url.AbsolutePath, $"response larger than {options.MaxResponseBytes} bytes; only the first part was read");
        }
        if (response.IsHtml)
        {
            var links = HtmlExtractor.Extract(response.Body);
            found.AddRange(links.Links.Concat(links.Scripts).Select(l => http.Scope.Resolve(response.Url, l)).OfType<Uri>());
            foreach (var form in links.Forms)
            {
                if (http.Scope.Resolve(response.Url, form.Action.Length == 0 ? response.Url.AbsoluteUri : form.Action) is not { } action)
                {
                    continue;
                }
                var bare = new UriBuilder(action) { Query = "" }.Uri;
                var method = form.Method == "POST" ? "POST" : "GET";
                var parameters = form.Inputs.Select(i => new EndpointParameter(i.Key, method == "GET" ? ParameterIn.Query : ParameterIn.Form, i.Value.Length > 0 ? i.Value : "test")).ToList();
                if (parameters.Count > 0)
                {
                    AddEndpoint(new Endpoint(method, bare, parameters, "form"));
                }
            }
        }
        else if (response.ContentType.Contains("javascript", StringComparison.OrdinalIgnoreCase) || url.AbsolutePath.EndsWith(".js", StringComparison.OrdinalIgnoreCase))
        {
            foreach (Match match in QuotedPath().Matches(response.Body))
            {
                if (found.Count == HtmlExtractor.MaxLinks)
                {
                    break;
                }
                if (http.Scope.Resolve(response.Url, match.Groups[1].Value) is { } path)
                {
                    found.Add(path);
                }
            }
        }
        return found;
    }

    /// <summary>Numbers, hex ids and UUIDs in a path segment: the parts that make pages endless.</summary>
    [GeneratedRegex(@"(?<=/)(?:[0-9]+|[0-9a-fA-F]{8,}|[0-9a-fA-F-]{36})(?=/|$)")]
    private static partial Regex Shape();

    /// <summary>Quoted absolute paths in JavaScript ("/api/items"), the way single-page apps name their APIs.</summary>
    [GeneratedRegex(@"[""'`](/[A-Za-z0-9_\-./]+(?:\?[A-Za-z0-9_\-=&]*)?)[""'`]", RegexOptions.NonBacktracking)]
    private static partial Regex QuotedPath();
}
