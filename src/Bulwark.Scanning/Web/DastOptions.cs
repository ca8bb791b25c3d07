using Bulwark.Core.Configuration;

namespace Bulwark.Scanning.Web;

/// <summary>
/// What one DAST scan may do. Defaults keep a scan of a mid-sized API under a minute and gentle on staging;
/// <see cref="Validate"/> names the option that is out of range.
/// </summary>
internal sealed record DastOptions
{
    public required Uri Target { get; init; }

    /// <summary>An OpenAPI 3.x document (JSON or YAML): a file path, or an http(s) URL on the target. Default none.</summary>
    public string? OpenApi { get; init; }

    /// <summary>A header ("Name: value") sent on every request except the unauthenticated probes; never written anywhere.</summary>
    public string? AuthHeader { get; init; }

    /// <summary>Requests sent in all, every probe included. Default 10,000.</summary>
    public int MaxRequests { get; init; } = 10_000;

    /// <summary>Wall-clock limit for the whole scan. Default 5 minutes.</summary>
    public TimeSpan MaxTime { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Requests per second (token bucket, burst of one second's worth). Default 100.</summary>
    public double Rate { get; init; } = 100;

    /// <summary>Send PUT/PATCH/DELETE and non-inference POSTs (forms, OpenAPI operations). Default false.</summary>
    public bool AllowDestructive { get; init; }

    /// <summary>URL paths never requested (<see cref="Http.PathPattern"/>): logout, payment, anything a scan must not touch. Default none.</summary>
    public IReadOnlyList<string> ExcludedPaths { get; init; } = [];

    /// <summary>Paths probed without credentials besides the built-in well-known files. Default none.</summary>
    public IReadOnlyList<string> ExtraWellKnownPaths { get; init; } = [];

    /// <summary>Pages the crawler fetches. Default 300.</summary>
    public int MaxPages { get; init; } = 300;

    /// <summary>Link depth from the start page. Default 6.</summary>
    public int MaxDepth { get; init; } = 6;

    /// <summary>Body bytes kept from one response; the rest is not read. Default 2 MiB.</summary>
    public int MaxResponseBytes { get; init; } = 2 << 20;

    /// <summary>Time limit for one request. Default 10 s.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Requests in flight at once. Default 4.</summary>
    public int Concurrency { get; init; } = 4;

    /// <summary>Requests in the rate-limit burst. Default 30.</summary>
    public int BurstSize { get; init; } = 30;

    /// <summary>Body size of the oversized-body probe. Default 4 MiB.</summary>
    public int OversizedBodyBytes { get; init; } = 4 << 20;

    /// <summary>Delay a time-based SQL injection payload asks for. Default 2 s.</summary>
    public TimeSpan SleepProbe { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Accept TLS certificates that do not validate (self-signed staging). Default false.</summary>
    public bool Insecure { get; init; }

    /// <exception cref="ConfigException">An option is out of range.</exception>
    public void Validate()
    {
        if (!Target.IsAbsoluteUri || (Target.Scheme != Uri.UriSchemeHttp && Target.Scheme != Uri.UriSchemeHttps))
        {
            throw new ConfigException($"URL must be an absolute http:// or https:// URL (got '{Target}')");
        }
        Check(MaxRequests is >= 1 and <= 1_000_000, $"--max-requests must be between 1 and 1000000 (got {MaxRequests})");
        Check(MaxTime > TimeSpan.Zero && MaxTime <= TimeSpan.FromHours(24), $"--max-time must be between 1 and 86400 seconds (got {MaxTime.TotalSeconds})");
        Check(Rate is > 0 and <= 10_000, $"--rate must be between 0 and 10000 requests per second (got {Rate})");
        Check(MaxPages is >= 1 and <= 100_000, $"max pages must be between 1 and 100000 (got {MaxPages})");
        Check(Concurrency is >= 1 and <= 64, $"concurrency must be between 1 and 64 (got {Concurrency})");
        Check(ExcludedPaths.Count <= DastConfig.MaxPathEntries && ExtraWellKnownPaths.Count <= DastConfig.MaxPathEntries,
            $"at most {DastConfig.MaxPathEntries} excluded and {DastConfig.MaxPathEntries} extra well-known paths are allowed");
        foreach (var path in ExcludedPaths)
        {
            Check(DastConfig.PathProblem(path, allowWildcard: true) is null, $"excluded path '{path}' {DastConfig.PathProblem(path, allowWildcard: true)}");
        }
        foreach (var path in ExtraWellKnownPaths)
        {
            Check(DastConfig.PathProblem(path, allowWildcard: false) is null, $"well-known path '{path}' {DastConfig.PathProblem(path, allowWildcard: false)}");
        }
        if (AuthHeader is not null)
        {
            var colon = AuthHeader.IndexOf(':');
            Check(colon > 0 && AuthHeader[..colon].All(c => char.IsAsciiLetterOrDigit(c) || c == '-'),
                "--auth-header must look like 'Name: value' (e.g. 'Authorization: Bearer …')");
        }
    }

    private static void Check(bool ok, string message)
    {
        if (!ok)
        {
            throw new ConfigException(message);
        }
    }
}
