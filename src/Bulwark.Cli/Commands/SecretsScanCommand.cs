using System.CommandLine;
using Bulwark.Cli.Output;
using Bulwark.Core.Configuration;
using Bulwark.Core.Findings;
using Bulwark.Core.Policy;
using Bulwark.Core.Reports;
using Bulwark.Scanning.Secrets;

namespace Bulwark.Cli.Commands;

/// <summary>
/// <c>bulwark secrets scan [PATH]</c>: scans a tree (respecting .gitignore), a file, stdin (<c>-</c>) or, with
/// <c>--history</c>, every blob of a git repository. Exit codes as in <see cref="ExitCodes"/>; default
/// threshold <c>high</c>.
/// </summary>
internal sealed class SecretsScanCommand(TextWriter output, TextWriter error)
{
    private const string DefaultFailOn = "high";

    private readonly GateOptions _gate = new();
    private readonly Argument<string> _path = new("PATH")
    {
        Description = "Directory, file, or - for standard input",
        DefaultValueFactory = _ => ".",
    };
    private readonly Option<bool> _history = new("--history") { Description = "Scan every blob reachable from all refs of the git repository at PATH" };
    private readonly Option<string?> _since = new("--since") { Description = "With --history: only commits newer than REV" };
    private readonly Option<bool> _noIgnore = new("--no-ignore") { Description = "Also scan files that .gitignore excludes" };
    private readonly Option<string?> _config = new("--config") { Description = "A gitleaks-format TOML rules file ([extend] useDefault = true keeps Bulwark's rules)" };
    private readonly Option<string?> _maxFileSize = new("--max-file-size") { Description = "Skip files larger than this (e.g. 10MB; default 50MB)" };
    private readonly Option<string[]> _exclude = new("--exclude") { Description = "Skip paths matching this gitignore-style pattern (repeatable)", AllowMultipleArgumentsPerToken = false };
    private readonly Option<int?> _jobs = new("--jobs", "-j") { Description = "Worker threads (default: one per core)" };

    public Command Build()
    {
        var command = new Command("scan", "Scan files, archives, notebooks, stdin or git history for secrets");
        command.Arguments.Add(_path);
        command.Options.Add(_history);
        command.Options.Add(_since);
        command.Options.Add(_noIgnore);
        command.Options.Add(_config);
        command.Options.Add(_maxFileSize);
        command.Options.Add(_exclude);
        command.Options.Add(_jobs);
        _gate.AddTo(command);
        command.SetAction((parse, cancellationToken) => Task.FromResult(Run(parse, cancellationToken)));
        return command;
    }

    private int Run(ParseResult parse, CancellationToken cancellationToken)
    {
        ReportFormats.TryParse(parse.GetValue(_gate.Format), out var format);
        long? maxFileBytes = null;
        if (parse.GetValue(_maxFileSize) is { } sizeText)
        {
            if (!ByteSize.TryParse(sizeText, out var size) || size <= 0)
            {
                return Usage($"--max-file-size: '{sizeText}' is not a size (examples: 1048576, 512KB, 50MB)");
            }
            maxFileBytes = size;
        }
        if (parse.GetValue(_jobs) is < 1)
        {
            return Usage("--jobs must be at least 1");
        }
        var path = parse.GetValue(_path) ?? ".";
        using var input = path == "-" ? Console.OpenStandardInput() : null;
        var request = new SecretScanRequest(path)
        {
            Input = input,
            History = parse.GetValue(_history),
            Since = parse.GetValue(_since),
            RespectIgnore = !parse.GetValue(_noIgnore),
            GitleaksConfig = parse.GetValue(_config),
            MaxFileBytes = maxFileBytes,
            Exclude = parse.GetValue(_exclude) ?? [],
            Parallelism = parse.GetValue(_jobs),
        };
        if (request.Since is not null && !request.History)
        {
            return Usage("--since needs --history");
        }
        if (request.FromStdin && request.History)
        {
            return Usage("--history needs a repository path, not -");
        }

        Baseline? baseline;
        SecretScanService.SecretScanOutcome outcome;
        try
        {
            baseline = GateReport.LoadBaseline(parse, _gate);
            outcome = Scan(request, format, parse.GetValue(_gate.NoProgress), cancellationToken);
        }
        catch (Exception ex) when (ex is ConfigException or BaselineException or Scanning.Secrets.History.GitHistoryException)
        {
            return Usage(ex.Message);
        }
        var failOn = parse.GetValue(_gate.FailOn) ?? outcome.ConfiguredFailOn ?? DefaultFailOn;
        return GateReport.Finish(outcome.Report, parse, _gate, failOn, baseline, output, error);
    }

    private static SecretScanService.SecretScanOutcome Scan(SecretScanRequest request, ReportFormat format, bool noProgress, CancellationToken cancellationToken) =>
        FileProgress.Run(Terminal.ShowProgress(format == ReportFormat.Table, noProgress), request.History ? "Scanning history" : "Listing files", task =>
            new SecretScanService(TimeProvider.System).Run(
                request,
                task is null ? null : new SecretScanService.Progress(
                    FileProgress.Listed(task, count => $"Scanning {count} files"),
                    FileProgress.Done(task),
                    new Progress<Scanning.Secrets.History.GitHistoryProgress>(p => task.Description = $"Scanning history: {p}")),
                cancellationToken));

    private int Usage(string message)
    {
        error.WriteLine($"bulwark: {message}");
        return ExitCodes.UsageError;
    }
}
