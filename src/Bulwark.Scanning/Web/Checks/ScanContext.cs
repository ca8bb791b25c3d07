using Bulwark.Scanning.Web.Http;

namespace Bulwark.Scanning.Web.Checks;

/// <summary>What every check needs: the HTTP gate, where findings go, the options, and the soft-404 baseline.</summary>
internal sealed class ScanContext(DastHttp http, DastFindings findings, DastOptions options, DastNotices notices, TimeProvider time)
{
    public TimeProvider Time { get; } = time;

    public DastHttp Http { get; } = http;

    public DastFindings Findings { get; } = findings;

    public DastOptions Options { get; } = options;

    public DastNotices Notices { get; } = notices;

    /// <summary>What a path that cannot exist returns: sites that answer 200 to everything must not look full of files.</summary>
    public DastResponse? NotFound { get; set; }

    /// <summary>Tells a progress display which phase starts.</summary>
    public Action<string>? Phase { get; init; }

    /// <summary>Inputs given time-based SQL probes so far (bounded by <see cref="SqliCheck.MaxTimeProbes"/>).</summary>
    public int TimeProbes;

    public Uri Url(string path) => new(Http.Scope.Target, path);

    /// <summary>A 2xx whose body differs from the soft-404 page (same status and a body within 10% of its length counts as the same).</summary>
    public bool IsRealHit(DastResponse response)
    {
        if (!response.Ok)
        {
            return false;
        }
        if (NotFound is not { Ok: true } soft)
        {
            return true;
        }
        var a = soft.Body.Length;
        var b = response.Body.Length;
        return Math.Abs(a - b) > Math.Max(16, a / 10) || !string.Equals(soft.ContentType, response.ContentType, StringComparison.OrdinalIgnoreCase);
    }

    public static string Marker() => "bw" + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(5));
}
