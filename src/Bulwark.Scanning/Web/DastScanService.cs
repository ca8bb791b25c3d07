using System.Net;
using Bulwark.Core.Configuration;
using Bulwark.Core.Files;
using Bulwark.Core.Findings;
using Bulwark.Scanning.Web.Checks;
using Bulwark.Scanning.Web.Discovery;
using Bulwark.Scanning.Web.Http;

namespace Bulwark.Scanning.Web;

/// <summary>Progress callbacks for a display: the phase starting, and each response received. Both may be called from any thread.</summary>
internal sealed record DastProgress(Action<string>? Phase, Action<int>? Sent);

/// <summary>The report plus what the scan spent.</summary>
internal sealed record DastOutcome(ScanReport Report, int RequestsSent, bool Partial);

/// <summary>
/// Runs a baseline web scan: reachability and a soft-404 baseline, robots.txt / sitemap.xml / OpenAPI discovery,
/// the crawl, well-known file probes, API and model-serving checks, then the per-input active checks — cheapest
/// and most valuable first, so a scan cut short by --max-requests or --max-time still reports what matters.
/// Passive checks see every response. Limits reached and unreachable targets are notices; results found
/// before stay in the report.
/// </summary>
internal sealed class DastScanService(TimeProvider time)
{
    public const string Gate = "dast";
    public const int MaxInputsPerEndpoint = 10;
    public const int MaxOpenApiBytes = OpenApiReader.MaxDocumentChars;

    /// <exception cref="ConfigException">An option is invalid or the --openapi file cannot be read.</exception>
    public async Task<DastOutcome> RunAsync(DastOptions options, string? harPath, CancellationToken cancellationToken, DastProgress? progress = null)
    {
        options.Validate();
        var started = time.GetTimestamp();
        var notices = new DastNotices();
        var auth = options.AuthHeader is null ? null : new AuthHeader(options.AuthHeader);
        var har = harPath is null ? null : new HarRecorder(time, auth);
        var secrets = new SecretFinder();
        var findings = new DastFindings(secrets, auth);
        var passive = new PassiveChecks(findings, secrets);
        var openApiText = options.OpenApi is { } source && !IsUrl(source) ? ReadOpenApiFile(source) : null;

        using var limit = new CancellationTokenSource(options.MaxTime, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, limit.Token);
        var token = linked.Token;
        var budget = new RequestBudget(options.MaxRequests);
        DastHttp? sender = null;
        using var http = new DastHttp(options, new ScopeGuard(options.Target, options.ExcludedPaths), budget, auth, har, notices, time)
        {
            Observer = response =>
            {
                passive.Inspect(response);
                progress?.Sent?.Invoke(sender?.Sent ?? 0);
            },
        };
        sender = http;
        var scan = new ScanContext(http, findings, options, notices, time) { Phase = progress?.Phase };
        await using var listener = IsLoopback(options.Target) ? new OobListener() : null;

        var pages = 0;
        var start = await http.GetFollowingAsync(options.Target, token).ConfigureAwait(false);
        if (start is null || start.Status == 0)
        {
            notices.Add(NoticeLevel.Error, options.Target.AbsoluteUri, $"cannot reach the target: {start?.Error ?? "no request could be sent"}");
        }
        else
        {
            pages = await ScanReachableAsync(scan, openApiText, listener, token).ConfigureAwait(false);
        }

        if (budget.Exhausted)
        {
            notices.Add(NoticeLevel.Warning, Gate, $"request limit reached (--max-requests {options.MaxRequests}): the scan is partial");
        }
        if (limit.IsCancellationRequested)
        {
            notices.Add(NoticeLevel.Warning, Gate, $"time limit reached (--max-time {options.MaxTime.TotalSeconds:0} s): the scan is partial");
        }
        if (har is not null && harPath is not null)
        {
            WriteHar(har, harPath, notices);
        }
        notices.Add(NoticeLevel.Info, Gate, $"{http.Sent} requests sent, {pages} pages crawled");
        var partial = budget.Exhausted || limit.IsCancellationRequested || notices.Has(NoticeLevel.Error);
        var report = new ScanReport(Gate, options.Target.GetLeftPart(UriPartial.Authority) + "/", findings.All,
            [.. DastRules.All.Select(r => r.Descriptor)], notices.All,
            new ScanStatistics(pages, 0, time.GetElapsedTime(started)));
        return new DastOutcome(report, http.Sent, partial);
    }

    private static async Task<int> ScanReachableAsync(ScanContext scan, string? openApiText, OobListener? listener, CancellationToken token)
    {
        var http = scan.Http;
        var options = scan.Options;
        scan.NotFound = await http.SendAsync(DastRequest.Get(scan.Url($"/{ScanContext.Marker()}-not-found")), token).ConfigureAwait(false);

        var seeds = new List<Uri> { options.Target };
        var sitemaps = new List<string> { "/sitemap.xml" };
        if (await http.SendAsync(DastRequest.Get(scan.Url("/robots.txt")), token).ConfigureAwait(false) is { Ok: true } robots && !robots.IsHtml)
        {
            var (paths, listed) = SiteIndexReader.ReadRobots(robots.Body);
            seeds.AddRange(paths.Select(p => http.Scope.Resolve(options.Target, p)).OfType<Uri>());
            sitemaps.AddRange(listed);
        }
        foreach (var sitemap in sitemaps.Distinct(StringComparer.Ordinal).Take(5))
        {
            if (http.Scope.Resolve(options.Target, sitemap) is { } url && await http.SendAsync(DastRequest.Get(url), token).ConfigureAwait(false) is { Ok: true } map)
            {
                seeds.AddRange(SiteIndexReader.ReadSitemap(map.Body).Select(l => http.Scope.Resolve(options.Target, l)).OfType<Uri>());
            }
        }

        var apiEndpoints = await ReadOpenApiAsync(scan, openApiText, token).ConfigureAwait(false);
        seeds.AddRange(apiEndpoints.Where(e => e.Method == "GET" && e.Parameters.All(p => p.In != ParameterIn.Query)).Select(e => e.Url));

        scan.Phase?.Invoke("Crawling");
        var crawl = new CrawlResult([], []);
        await GuardAsync(scan, "the crawl", async () => crawl = await new Crawler(http, options, scan.Notices).CrawlAsync(seeds, token).ConfigureAwait(false)).ConfigureAwait(false);
        var endpoints = apiEndpoints.Concat(crawl.Endpoints).DistinctBy(e => e.Key).ToList();

        scan.Phase?.Invoke("Probing well-known files and API access control");
        await GuardAsync(scan, "well-known files", () => WellKnownProbes.RunAsync(scan, token)).ConfigureAwait(false);
        await GuardAsync(scan, "auth-bypass", () => ApiChecks.AuthBypassAsync(scan, apiEndpoints, token)).ConfigureAwait(false);
        await GuardAsync(scan, "unauthenticated-endpoint",
            () => ApiChecks.UnauthenticatedAsync(scan, crawl.Pages.Concat(apiEndpoints.Where(e => e.Method == "GET").Select(e => e.Url)), token)).ConfigureAwait(false);
        await GuardAsync(scan, "jwt-none", () => JwtCheck.RunAsync(scan, endpoints, token)).ConfigureAwait(false);
        await GuardAsync(scan, "cors", () => ApiChecks.CorsAsync(scan, endpoints, token)).ConfigureAwait(false);
        scan.Phase?.Invoke("Checking model serving");
        await GuardAsync(scan, "prompt-injection", () => MlServingChecks.PromptInjectionAsync(scan, apiEndpoints, token)).ConfigureAwait(false);
        await GuardAsync(scan, "oversized-body", () => MlServingChecks.OversizedBodyAsync(scan, apiEndpoints, token)).ConfigureAwait(false);
        await GuardAsync(scan, "missing-rate-limit", () => MlServingChecks.RateLimitAsync(scan, endpoints, token)).ConfigureAwait(false);
        scan.Phase?.Invoke($"Probing {endpoints.Count(e => e.Parameters.Count > 0)} endpoints with inputs");
        await ActiveChecksAsync(scan, endpoints, listener, token).ConfigureAwait(false);
        return crawl.Pages.Count;
    }

    private static async Task ActiveChecksAsync(ScanContext scan, List<Endpoint> endpoints, OobListener? listener, CancellationToken token)
    {
        var work = endpoints.Where(e => EndpointRequests.MaySend(e, scan.Options.AllowDestructive) && e.Parameters.Count > 0).ToList();
        var skipped = endpoints.Count(e => e.Parameters.Count > 0) - work.Count;
        if (skipped > 0)
        {
            scan.Notices.Add(NoticeLevel.Info, "active", $"{skipped} endpoint(s) with state-changing methods were not probed (use --allow-destructive on a disposable environment)");
        }
        await Parallel.ForEachAsync(work, new ParallelOptions { MaxDegreeOfParallelism = scan.Options.Concurrency }, async (endpoint, _) =>
        {
            if (token.IsCancellationRequested || scan.Http.Budget.Exhausted || EndpointRequests.Build(endpoint, scan.Options.AllowDestructive) is not { } request)
            {
                return;
            }
            var baseline = await scan.Http.SendAsync(request, token).ConfigureAwait(false);
            if (baseline is not { Status: > 0 })
            {
                return;
            }
            foreach (var parameter in endpoint.Parameters.Take(MaxInputsPerEndpoint))
            {
                var probe = new ParameterProbe(scan, endpoint, parameter, baseline);
                await GuardAsync(scan, $"probes of {endpoint.Path} '{parameter.Name}'", async () =>
                {
                    await XssCheck.RunAsync(probe, token).ConfigureAwait(false);
                    await SqliCheck.RunAsync(probe, token).ConfigureAwait(false);
                    await PathTraversalCheck.RunAsync(probe, token).ConfigureAwait(false);
                    await OpenRedirectCheck.RunAsync(probe, token).ConfigureAwait(false);
                    await SsrfCheck.RunAsync(probe, listener, scan.Time, token).ConfigureAwait(false);
                }).ConfigureAwait(false);
            }
        }).ConfigureAwait(false);
    }

    /// <summary>
    /// A check that fails on something unforeseen in a response becomes a warning; the other checks go on and the
    /// findings so far are kept (a scan must not lose its results to one odd page).
    /// </summary>
    private static async Task GuardAsync(ScanContext scan, string check, Func<Task> run)
    {
        try
        {
            await run().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not OutOfMemoryException)
        {
            var message = $"{check} stopped early: {ex.GetType().Name}: {ex.Message}";
            scan.Notices.Add(NoticeLevel.Warning, Gate, scan.Http.Auth?.Scrub(message) ?? message, key: $"guard|{check}");
        }
    }

    private static async Task<List<Endpoint>> ReadOpenApiAsync(ScanContext scan, string? text, CancellationToken token)
    {
        var source = scan.Options.OpenApi;
        if (source is null)
        {
            return [];
        }
        if (text is null)
        {
            var url = scan.Http.Scope.Resolve(scan.Options.Target, source);
            if (url is null)
            {
                scan.Notices.Add(NoticeLevel.Error, source, "the OpenAPI URL is not on the target (scheme, host and port must match): not fetched");
                return [];
            }
            var response = await scan.Http.SendAsync(DastRequest.Get(url), token).ConfigureAwait(false);
            if (response is not { Ok: true } || response.Truncated)
            {
                scan.Notices.Add(NoticeLevel.Error, source, response?.Truncated == true ? "the OpenAPI document is larger than the response limit" : $"cannot fetch the OpenAPI document: {response?.Error ?? $"HTTP {response?.Status}"}");
                return [];
            }
            text = response.Body;
        }
        try
        {
            var document = OpenApiReader.Read(await LoadReferencedAsync(scan, source, text, token).ConfigureAwait(false));
            foreach (var warning in document.Warnings)
            {
                scan.Notices.Add(NoticeLevel.Warning, source, warning);
            }
            var target = scan.Options.Target.GetLeftPart(UriPartial.Authority);
            if (document.Origin is { } origin && !string.Equals(origin, target, StringComparison.OrdinalIgnoreCase))
            {
                scan.Notices.Add(NoticeLevel.Info, source, $"the document names {origin}; its operations are scanned on the target {target}");
            }
            var endpoints = OpenApiEndpoints.From(document, scan.Options.Target);
            scan.Notices.Add(NoticeLevel.Info, source, $"{endpoints.Count} operations read ({endpoints.Count(e => e.RequiresAuth)} with a security requirement, {endpoints.Count(e => e.Inference)} inference)");
            return endpoints;
        }
        catch (OpenApiException ex)
        {
            scan.Notices.Add(NoticeLevel.Error, source, $"invalid OpenAPI document: {ex.Message}; scanned without it");
            return [];
        }
    }

    /// <summary>
    /// Parses the document and loads the documents its references name: beside a local file only files in its folder,
    /// beside a fetched one only URLs on the target (fetched within the scan's budget, rate and time).
    /// </summary>
    /// <exception cref="OpenApiException">The document itself is not JSON or YAML, or too large.</exception>
    private static async Task<OpenApiDocumentSet> LoadReferencedAsync(ScanContext scan, string source, string text, CancellationToken token)
    {
        var budget = OpenApiReader.MaxNodes;
        var root = OpenApiReader.Parse(text, ref budget);
        var (location, references) = IsUrl(source)
            ? (scan.Http.Scope.Resolve(scan.Options.Target, source)!, (IOpenApiRefSource)new OpenApiOriginSource(scan.Http))
            : (OpenApiFolderSource.Location(source), new OpenApiFolderSource(Path.GetDirectoryName(Path.GetFullPath(source))!));
        var documents = await OpenApiRefLoader.LoadAsync(root, location, references, token).ConfigureAwait(false);
        if (documents.Loaded > 0)
        {
            scan.Notices.Add(NoticeLevel.Info, source, $"{documents.Loaded} referenced document(s) loaded");
        }
        return documents;
    }

    private static string ReadOpenApiFile(string path)
    {
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists)
            {
                throw new ConfigException($"--openapi {path}: no such file");
            }
            if (info.Length > MaxOpenApiBytes)
            {
                throw new ConfigException($"--openapi {path}: larger than {MaxOpenApiBytes / 1_000_000} MB");
            }
            return File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ConfigException($"--openapi {path}: cannot read ({ex.Message})");
        }
    }

    private static void WriteHar(HarRecorder har, string path, DastNotices notices)
    {
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            AtomicFile.Write(path, har.Write);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            notices.Add(NoticeLevel.Error, path, $"cannot write the HAR file: {ex.Message}");
        }
    }

    private static bool IsUrl(string source) =>
        source.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || source.StartsWith("https://", StringComparison.OrdinalIgnoreCase);

    private static bool IsLoopback(Uri target) =>
        target.IsLoopback || (IPAddress.TryParse(target.Host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));
}
