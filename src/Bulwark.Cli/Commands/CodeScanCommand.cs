using System.CommandLine;
using Bulwark.Cli.Output;
using Bulwark.Core.Configuration;
using Bulwark.Core.Policy;
using Bulwark.Core.Reports;
using Bulwark.Scanning.Code;

namespace Bulwark.Cli.Commands;

/// <summary>
/// <c>bulwark code scan [PATH]</c>: parses every .py file and notebook and reports unsafe deserialisation,
/// remote code, injection, path traversal, disabled TLS, insecure serving, weak hashes and hard-coded
/// credentials. Exit codes as in <see cref="ExitCodes"/>; default threshold <c>high</c>; a SARIF file given to
/// <c>--import</c> that cannot be read (and no finding reaching the threshold) exits 2.
/// </summary>
internal sealed class CodeScanCommand(TextWriter output, TextWriter error)
{
    public const string DefaultFailOn = "high";

    private readonly GateOptions _gate = new();
    private readonly Argument<string> _path = new("PATH") { Description = "Repository folder, .py file or notebook", DefaultValueFactory = _ => "." };
    private readonly Option<bool> _noIgnore = new("--no-ignore") { Description = "Also scan files that .gitignore excludes" };
    private readonly Option<string[]> _exclude = new("--exclude") { Description = "Skip paths matching this gitignore-style pattern (repeatable)", AllowMultipleArgumentsPerToken = false };
    private readonly Option<string[]> _import = new("--import") { Description = "Merge another analyser's SARIF report (bandit, semgrep, …), de-duplicated (repeatable)", AllowMultipleArgumentsPerToken = false };
    private readonly Option<string[]> _disable = new("--disable-rule") { Description = "Never report this rule id (repeatable)", AllowMultipleArgumentsPerToken = false };

    public Command Build()
    {
        var command = new Command("scan", "Find unsafe deserialisation, trust_remote_code, code/SQL injection, path traversal, disabled TLS, insecure serving, weak hashes and hard-coded credentials in Python files and notebooks");
        command.Arguments.Add(_path);
        command.Options.Add(_noIgnore);
        command.Options.Add(_exclude);
        command.Options.Add(_import);
        command.Options.Add(_disable);
        _gate.AddTo(command);
        command.SetAction((parse, cancellationToken) => Task.FromResult(Run(parse, cancellationToken)));
        return command;
    }

    private int Run(ParseResult parse, CancellationToken cancellationToken)
    {
        var request = new CodeScanRequest(parse.GetValue(_path) ?? ".")
        {
            RespectIgnore = !parse.GetValue(_noIgnore),
            Exclude = parse.GetValue(_exclude) ?? [],
            Imports = parse.GetValue(_import) ?? [],
            DisableRules = parse.GetValue(_disable) ?? [],
        };
        Baseline? baseline;
        CodeScanOutcome outcome;
        try
        {
            baseline = GateReport.LoadBaseline(parse, _gate);
            ReportFormats.TryParse(parse.GetValue(_gate.Format), out var format);
            outcome = FileProgress.Run(Terminal.ShowProgress(format == ReportFormat.Table, parse.GetValue(_gate.NoProgress)), "Listing files", task =>
                new CodeScanService(TimeProvider.System).Run(
                    request with { Listed = FileProgress.Listed(task, count => $"Scanning {count} Python files and notebooks"), FileDone = FileProgress.Done(task) },
                    cancellationToken));
        }
        catch (Exception ex) when (ex is ConfigException or BaselineException)
        {
            error.WriteLine($"bulwark: {ex.Message}");
            return ExitCodes.UsageError;
        }
        var failOn = parse.GetValue(_gate.FailOn) ?? outcome.ConfiguredFailOn ?? DefaultFailOn;
        var exit = GateReport.Finish(outcome.Report, parse, _gate, failOn, baseline, output, error);
        return exit == ExitCodes.Clean && outcome.InputErrors > 0 ? ExitCodes.UsageError : exit;
    }
}
