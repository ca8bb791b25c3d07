using System.CommandLine;
using Bulwark.Cli.Output;
using Bulwark.Core.Configuration;
using Bulwark.Core.Reports;
using Bulwark.Core.Policy;
using Bulwark.Scanning.Web;
using Spectre.Console;

namespace Bulwark.Cli.Commands;

/// <summary>
/// <c>bulwark dast URL</c>: a bounded baseline web scan of a deployed service (passive checks, well-known files,
/// harmless active probes, API and model-serving checks). Exit codes as in <see cref="ExitCodes"/>; default
/// threshold <c>high</c>; an unreachable target or an unusable OpenAPI document (and no finding reaching the
/// threshold) exits 2, with whatever was found still reported.
/// </summary>
internal sealed class DastCommand(TextWriter output, TextWriter error)
{
    public const string DefaultFailOn = "high";

    /// <summary>Where the auth header is read from without <c>--auth-header</c>: an environment keeps it out of process listings and shell history (the pipeline gate passes it so).</summary>
    public const string AuthHeaderVariable = "BULWARK_DAST_AUTH_HEADER";

    private readonly GateOptions _gate = new();
    private readonly Argument<string> _url = new("URL") { Description = "Base URL of the deployed service (http:// or https://); the scan stays on its scheme, host and port" };
    private readonly Option<string?> _openApi = new("--openapi") { Description = "OpenAPI 3 document (JSON or YAML): a file, or a URL on the target" };
    private readonly Option<string?> _authHeader = new("--auth-header") { Description = "Header sent with every request except the unauthenticated probes, e.g. 'Authorization: Bearer …' (never written anywhere; default: $" + AuthHeaderVariable + ")" };
    private readonly Option<int?> _maxRequests = new("--max-requests") { Description = "Requests to send at most (default 10000)" };
    private readonly Option<double?> _maxTime = new("--max-time") { Description = "Seconds the scan may take at most (default 300)" };
    private readonly Option<double?> _rate = new("--rate") { Description = "Requests per second at most (default 100)" };
    private readonly Option<bool> _allowDestructive = new("--allow-destructive") { Description = "Also send PUT/PATCH/DELETE and non-inference POSTs (disposable environments only)" };
    private readonly Option<string?> _har = new("--har") { Description = "Record every request sent and its response in this HAR file (credentials redacted)" };
    private readonly Option<bool> _insecure = new("--insecure") { Description = "Accept TLS certificates that do not validate (self-signed staging)" };
    private readonly Option<string[]> _excludePath = new("--exclude-path") { Description = "Never request this URL path and what is below it, or paths matching a pattern with * (repeatable; adds to [dast] exclude_paths)", AllowMultipleArgumentsPerToken = false };
    private readonly Option<string?> _config = new("--config") { Description = "bulwark.toml whose [dast] table sets defaults (default: bulwark.toml in the current folder, if any)" };

    public Command Build()
    {
        var command = new Command("dast", "Baseline web scan of a deployed service: security headers, cookies, CORS, exposed files, XSS, SQL injection, path traversal, open redirect, SSRF, JWT, and ML serving (auth bypass, model artifacts, rate and size limits, prompt injection)");
        command.Arguments.Add(_url);
        command.Options.Add(_openApi);
        command.Options.Add(_authHeader);
        command.Options.Add(_maxRequests);
        command.Options.Add(_maxTime);
        command.Options.Add(_rate);
        command.Options.Add(_allowDestructive);
        command.Options.Add(_har);
        command.Options.Add(_insecure);
        command.Options.Add(_excludePath);
        command.Options.Add(_config);
        _gate.AddTo(command);
        command.SetAction((parse, cancellationToken) => RunAsync(parse, cancellationToken));
        return command;
    }

    private async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(parse.GetValue(_url), UriKind.Absolute, out var target))
        {
            return Usage($"URL must be an absolute http:// or https:// URL (got '{parse.GetValue(_url)}')");
        }
        DastConfig config;
        try
        {
            config = LoadConfig(parse.GetValue(_config));
        }
        catch (ConfigException ex)
        {
            return Usage(ex.Message);
        }
        // A flag wins over the [dast] key, which wins over the built-in default; path lists add up.
        var defaults = new DastOptions { Target = target };
        var options = defaults with
        {
            OpenApi = parse.GetValue(_openApi),
            AuthHeader = parse.GetValue(_authHeader) ?? (Environment.GetEnvironmentVariable(AuthHeaderVariable) is { Length: > 0 } header ? header : null),
            MaxRequests = parse.GetValue(_maxRequests) ?? config.MaxRequests ?? defaults.MaxRequests,
            MaxTime = (parse.GetValue(_maxTime) ?? config.MaxTime) is { } seconds ? TimeSpan.FromSeconds(Math.Clamp(seconds, 0, 86_401)) : defaults.MaxTime,
            Rate = parse.GetValue(_rate) ?? config.Rate ?? defaults.Rate,
            AllowDestructive = parse.GetValue(_allowDestructive) || config.AllowDestructive == true,
            Insecure = parse.GetValue(_insecure),
            ExcludedPaths = [.. config.ExcludePaths, .. parse.GetValue(_excludePath) ?? []],
            ExtraWellKnownPaths = config.WellKnownPaths,
        };
        Baseline? baseline;
        DastOutcome outcome;
        try
        {
            baseline = GateReport.LoadBaseline(parse, _gate);
            outcome = await ScanAsync(options, parse, cancellationToken);
        }
        catch (Exception ex) when (ex is ConfigException or BaselineException)
        {
            return Usage(ex.Message);
        }
        var failOn = parse.GetValue(_gate.FailOn) ?? config.FailOn ?? DefaultFailOn;
        var exit = GateReport.Finish(outcome.Report, parse, _gate, failOn, baseline, output, error);
        var errors = outcome.Report.Notices.Any(n => n.Level == Core.Findings.NoticeLevel.Error);
        return exit == ExitCodes.Clean && errors ? ExitCodes.UsageError : exit;
    }

    /// <summary>The scan, with a spinner on stderr naming the phase and the requests sent (terminal and table format only).</summary>
    private async Task<DastOutcome> ScanAsync(DastOptions options, ParseResult parse, CancellationToken cancellationToken)
    {
        var service = new DastScanService(TimeProvider.System);
        ReportFormats.TryParse(parse.GetValue(_gate.Format), out var format);
        if (!Terminal.ShowProgress(format == ReportFormat.Table, parse.GetValue(_gate.NoProgress)))
        {
            return await service.RunAsync(options, parse.GetValue(_har), cancellationToken);
        }
        DastOutcome outcome = null!;
        await Terminal.ErrorConsole().Progress().AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new SpinnerColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask("Starting", maxValue: 1);
                task.IsIndeterminate = true;
                var phase = "Reading the site";
                var progress = new DastProgress(
                    p => { phase = p; task.Description = p; },
                    sent => task.Description = $"{phase} ({sent} requests)");
                outcome = await service.RunAsync(options, parse.GetValue(_har), cancellationToken, progress);
                task.Value = task.MaxValue;
            });
        return outcome;
    }

    /// <exception cref="ConfigException">The file is missing (when named), unreadable or has a bad [dast] key.</exception>
    private static DastConfig LoadConfig(string? path) =>
        (path is null ? BulwarkConfigLoader.LoadFromRoot(".") : BulwarkConfigLoader.Load(path)).Dast;

    private int Usage(string message)
    {
        error.WriteLine($"bulwark: {message}");
        return ExitCodes.UsageError;
    }
}
