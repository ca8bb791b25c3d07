using Bulwark.Core.Findings;
using Bulwark.Scanning.Web.Http;

namespace Bulwark.Scanning.Web.Checks;

/// <summary>A path worth asking for, the rule a hit falls under, and the content that proves the hit is real.</summary>
internal sealed record WellKnownFile(string Path, DastRule Rule, Severity Severity, string What, Func<DastResponse, bool> Proof);

/// <summary>
/// Asks (GET only, without credentials) for files and endpoints that must never be public: git metadata,
/// environment files, backups and dumps, debug consoles and diagnostics, model weights and tokenizer files,
/// admin and model-reload endpoints. Each hit needs a content signature or a body unlike the soft-404 page.
/// </summary>
internal static class WellKnownProbes
{
    private static bool Contains(DastResponse r, string text) => r.Body.Contains(text, StringComparison.OrdinalIgnoreCase);

    private static bool StartsWith(DastResponse r, params byte[] magic) => r.Head.AsSpan().StartsWith(magic);

    private static bool NotHtml(DastResponse r) => !r.IsHtml && !r.Body.TrimStart().StartsWith('<');

    private static bool NoLoginForm(DastResponse r) => !Contains(r, "type=\"password\"") && !Contains(r, "type='password'") && !Contains(r, "type=password");

    public static IReadOnlyList<WellKnownFile> All { get; } =
    [
        new("/.git/config", DastRules.ExposedFile, Severity.High, "git repository configuration", r => Contains(r, "[core]")),
        new("/.git/HEAD", DastRules.ExposedFile, Severity.High, "git HEAD", r => r.Body.StartsWith("ref: refs/", StringComparison.Ordinal)),
        new("/.env", DastRules.ExposedFile, Severity.High, "environment file", r => NotHtml(r) && EnvLike(r.Body)),
        new("/.env.production", DastRules.ExposedFile, Severity.High, "environment file", r => NotHtml(r) && EnvLike(r.Body)),
        new("/config.env", DastRules.ExposedFile, Severity.High, "environment file", r => NotHtml(r) && EnvLike(r.Body)),
        new("/.aws/credentials", DastRules.ExposedFile, Severity.Critical, "AWS credentials", r => Contains(r, "aws_access_key_id")),
        new("/id_rsa", DastRules.ExposedFile, Severity.Critical, "private key", r => Contains(r, "PRIVATE KEY-----")),
        new("/.htpasswd", DastRules.ExposedFile, Severity.High, "password file", r => NotHtml(r) && r.Body.Contains(':') && r.Body.Length < 100_000),
        new("/backup.zip", DastRules.ExposedFile, Severity.High, "backup archive", r => StartsWith(r, 0x50, 0x4B, 0x03, 0x04)),
        new("/backup.tar.gz", DastRules.ExposedFile, Severity.High, "backup archive", r => StartsWith(r, 0x1F, 0x8B)),
        new("/backup.sql", DastRules.ExposedFile, Severity.High, "database dump", r => Contains(r, "CREATE TABLE") || Contains(r, "INSERT INTO")),
        new("/dump.sql", DastRules.ExposedFile, Severity.High, "database dump", r => Contains(r, "CREATE TABLE") || Contains(r, "INSERT INTO")),
        new("/db.sqlite3", DastRules.ExposedFile, Severity.High, "SQLite database", r => r.Body.StartsWith("SQLite format 3", StringComparison.Ordinal)),
        new("/.DS_Store", DastRules.ExposedFile, Severity.Low, "Finder metadata (file names)", r => StartsWith(r, 0x00, 0x00, 0x00, 0x01, 0x42, 0x75, 0x64, 0x31)),
        new("/web.config", DastRules.ExposedFile, Severity.Medium, "server configuration", r => Contains(r, "<configuration")),
        new("/server-status", DastRules.DebugEndpoint, Severity.Medium, "Apache server-status", r => Contains(r, "Apache Server Status")),
        new("/server-info", DastRules.DebugEndpoint, Severity.Medium, "Apache server-info", r => Contains(r, "Apache Server Information")),
        new("/console", DastRules.DebugEndpoint, Severity.Critical, "Werkzeug debug console", r => Contains(r, "Werkzeug") || Contains(r, "__debugger__")),
        new("/debug", DastRules.DebugEndpoint, Severity.High, "debug page", r => Contains(r, "debug") && NoLoginForm(r)),
        new("/debug/vars", DastRules.DebugEndpoint, Severity.Medium, "Go expvar", r => Contains(r, "\"memstats\"") || Contains(r, "\"cmdline\"")),
        new("/debug/pprof/", DastRules.DebugEndpoint, Severity.High, "Go pprof profiler", r => Contains(r, "goroutine") && Contains(r, "heap")),
        new("/actuator/env", DastRules.DebugEndpoint, Severity.High, "Spring actuator environment", r => Contains(r, "propertySources") || Contains(r, "activeProfiles")),
        new("/actuator/heapdump", DastRules.DebugEndpoint, Severity.Critical, "Spring actuator heap dump", r => StartsWith(r, (byte)'J', (byte)'A', (byte)'V', (byte)'A')),
        new("/phpinfo.php", DastRules.DebugEndpoint, Severity.Medium, "phpinfo page", r => Contains(r, "phpinfo()") || Contains(r, "PHP Version")),
        new("/elmah.axd", DastRules.DebugEndpoint, Severity.High, "ELMAH error log", r => Contains(r, "Error Log for")),
        new("/_profiler/", DastRules.DebugEndpoint, Severity.High, "Symfony profiler", r => Contains(r, "Symfony Profiler")),
        new("/metrics", DastRules.DebugEndpoint, Severity.Low, "Prometheus metrics", r => Contains(r, "# HELP ") && Contains(r, "# TYPE ")),
        new("/docs", DastRules.DebugEndpoint, Severity.Info, "interactive API documentation", r => Contains(r, "swagger") || Contains(r, "redoc")),
        new("/swagger/index.html", DastRules.DebugEndpoint, Severity.Info, "interactive API documentation", r => Contains(r, "swagger")),
        new("/model.safetensors", DastRules.UnauthenticatedEndpoint, Severity.High, "model weights (safetensors)", Safetensors),
        new("/models/model.safetensors", DastRules.UnauthenticatedEndpoint, Severity.High, "model weights (safetensors)", Safetensors),
        new("/pytorch_model.bin", DastRules.UnauthenticatedEndpoint, Severity.High, "model weights (PyTorch)", Torch),
        new("/model.pt", DastRules.UnauthenticatedEndpoint, Severity.High, "model weights (PyTorch)", Torch),
        new("/model.pth", DastRules.UnauthenticatedEndpoint, Severity.High, "model weights (PyTorch)", Torch),
        new("/model.pkl", DastRules.UnauthenticatedEndpoint, Severity.High, "pickled model", r => StartsWith(r, 0x80)),
        new("/model.joblib", DastRules.UnauthenticatedEndpoint, Severity.High, "joblib model", r => StartsWith(r, 0x80) || StartsWith(r, 0x78)),
        new("/model.onnx", DastRules.UnauthenticatedEndpoint, Severity.High, "ONNX model", r => StartsWith(r, 0x08) && !r.IsHtml),
        new("/model.gguf", DastRules.UnauthenticatedEndpoint, Severity.High, "GGUF model", r => StartsWith(r, (byte)'G', (byte)'G', (byte)'U', (byte)'F')),
        new("/model.h5", DastRules.UnauthenticatedEndpoint, Severity.High, "Keras model", r => StartsWith(r, 0x89, (byte)'H', (byte)'D', (byte)'F')),
        new("/checkpoints/", DastRules.UnauthenticatedEndpoint, Severity.High, "checkpoint folder", r => ResponsePatterns.DirectoryListing().IsMatch(r.Body) || Contains(r, ".ckpt") || Contains(r, ".safetensors")),
        new("/tokenizer.json", DastRules.UnauthenticatedEndpoint, Severity.Medium, "tokenizer file", r => Contains(r, "\"model\"") && (Contains(r, "\"vocab\"") || Contains(r, "\"added_tokens\""))),
        new("/tokenizer_config.json", DastRules.UnauthenticatedEndpoint, Severity.Low, "tokenizer configuration", r => Contains(r, "tokenizer_class") || Contains(r, "model_max_length")),
        new("/admin", DastRules.UnauthenticatedEndpoint, Severity.High, "admin page", r => NoLoginForm(r) && Contains(r, "admin")),
        new("/admin/reload", DastRules.UnauthenticatedEndpoint, Severity.High, "model reload endpoint", r => NoLoginForm(r)),
        new("/reload", DastRules.UnauthenticatedEndpoint, Severity.High, "model reload endpoint", r => NoLoginForm(r)),
        new("/models/reload", DastRules.UnauthenticatedEndpoint, Severity.High, "model reload endpoint", r => NoLoginForm(r)),
        new("/v1/models/reload", DastRules.UnauthenticatedEndpoint, Severity.High, "model reload endpoint", r => NoLoginForm(r)),
    ];

    public static async Task RunAsync(ScanContext scan, CancellationToken cancellationToken)
    {
        var probes = All.Concat(scan.Options.ExtraWellKnownPaths.Select(Configured));
        await Parallel.ForEachAsync(probes, new ParallelOptions { MaxDegreeOfParallelism = scan.Options.Concurrency, CancellationToken = CancellationToken.None }, async (probe, _) =>
        {
            var response = await scan.Http.SendAsync(DastRequest.Get(scan.Url(probe.Path)) with { Authenticated = false }, cancellationToken).ConfigureAwait(false);
            if (response is not null && scan.IsRealHit(response) && probe.Proof(response))
            {
                scan.Findings.Add(probe.Rule, response, response.Url, $"{probe.Path} serves {probe.What} to anyone (no credentials sent)", "probe", at: 0, severity: probe.Severity,
                    properties: new Dictionary<string, string> { ["probe"] = probe.What });
            }
        }).ConfigureAwait(false);
    }

    /// <summary>A path from <c>[dast] well_known_paths</c>: any real answer (unlike the soft-404 page, not a login form) is a hit.</summary>
    private static WellKnownFile Configured(string path) =>
        new(path, DastRules.ExposedFile, Severity.Medium, "content (a [dast] well_known_paths entry)", r => NoLoginForm(r));

    /// <summary>Model artifacts linked from pages or listed in the OpenAPI document, fetched without credentials.</summary>
    public static bool IsModelArtifact(string path) =>
        path.EndsWith(".safetensors", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".pt", StringComparison.OrdinalIgnoreCase)
        || path.EndsWith(".pth", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".ckpt", StringComparison.OrdinalIgnoreCase)
        || path.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".gguf", StringComparison.OrdinalIgnoreCase)
        || path.EndsWith(".pkl", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".h5", StringComparison.OrdinalIgnoreCase)
        || path.EndsWith("pytorch_model.bin", StringComparison.OrdinalIgnoreCase) || path.EndsWith("tokenizer.json", StringComparison.OrdinalIgnoreCase);

    private static bool EnvLike(string body)
    {
        var lines = body.Split('\n').Take(200).Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();
        return lines.Count > 0 && lines.Count(l => l.IndexOf('=') > 0 && l[..l.IndexOf('=')].All(c => char.IsAsciiLetterOrDigit(c) || c == '_')) * 2 >= lines.Count;
    }

    private static bool Safetensors(DastResponse r) => r.Head.Length >= 9 && r.Head[8] == (byte)'{' && !r.IsHtml;

    private static bool Torch(DastResponse r) => StartsWith(r, 0x50, 0x4B, 0x03, 0x04) || StartsWith(r, 0x80);
}
