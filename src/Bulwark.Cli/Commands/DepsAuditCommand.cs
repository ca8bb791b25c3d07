using System.CommandLine;
using Bulwark.Cli.Output;
using Bulwark.Core.Configuration;
using Bulwark.Core.Policy;
using Bulwark.Core.Reports;
using Bulwark.Scanning.Dependencies.Audit;
using Bulwark.Scanning.Dependencies.Database;

namespace Bulwark.Cli.Commands;

/// <summary>
/// <c>bulwark deps audit [PATH]</c>: every manifest and lockfile under PATH against the local OSV index.
/// Exit codes as in <see cref="ExitCodes"/>; default threshold <c>medium</c>; a manifest that cannot be parsed
/// (and no finding reaching the threshold) exits 2, because the audit is then incomplete.
/// </summary>
internal sealed class DepsAuditCommand(TextWriter output, TextWriter error)
{
    public const string DefaultFailOn = "medium";

    private readonly GateOptions _gate = new();
    private readonly Argument<string> _path = new("PATH") { Description = "Project folder or one manifest/lockfile", DefaultValueFactory = _ => "." };
    private readonly Option<bool> _noIgnore = new("--no-ignore") { Description = "Also read manifests that .gitignore excludes" };
    private readonly Option<string[]> _exclude = new("--exclude") { Description = "Skip paths matching this gitignore-style pattern (repeatable)", AllowMultipleArgumentsPerToken = false };
    private readonly Option<string[]> _ignore = new("--ignore") { Description = "Do not report this advisory (OSV id or alias; repeatable)", AllowMultipleArgumentsPerToken = false };
    private readonly Option<bool> _skipDev = new("--skip-dev") { Description = "Leave development-only dependencies out" };
    private readonly Option<int?> _maxAge = new("--max-db-age") { Description = "Warn when the advisory database is older than this many days (default 7)" };

    public Command Build()
    {
        var command = new Command("audit", "Report locked packages with known vulnerabilities (OSV), with the minimal fixing upgrade, plus supply-chain hygiene findings");
        command.Arguments.Add(_path);
        command.Options.Add(_noIgnore);
        command.Options.Add(_exclude);
        command.Options.Add(_ignore);
        command.Options.Add(_skipDev);
        command.Options.Add(_maxAge);
        _gate.AddTo(command);
        command.SetAction((parse, cancellationToken) => Task.FromResult(Run(parse, cancellationToken)));
        return command;
    }

    private int Run(ParseResult parse, CancellationToken cancellationToken)
    {
        if (parse.GetValue(_maxAge) is < 0)
        {
            return Usage("--max-db-age must be 0 or more days");
        }
        var request = new DependencyAuditRequest(parse.GetValue(_path) ?? ".", DataDirectory.Resolve(parse.GetValue(BulwarkCommandLine.DataDirOption)))
        {
            RespectIgnore = !parse.GetValue(_noIgnore),
            Exclude = parse.GetValue(_exclude) ?? [],
            IgnoreAdvisories = parse.GetValue(_ignore) ?? [],
            SkipDevelopment = parse.GetValue(_skipDev) ? true : null,
            MaxDatabaseAgeDays = parse.GetValue(_maxAge),
        };
        ReportFormats.TryParse(parse.GetValue(_gate.Format), out var format);
        Baseline? baseline;
        DependencyAuditOutcome outcome;
        try
        {
            baseline = GateReport.LoadBaseline(parse, _gate);
            outcome = Audit(request, format, parse.GetValue(_gate.NoProgress), cancellationToken);
        }
        catch (Exception ex) when (ex is ConfigException or BaselineException or AdvisoryDatabaseException)
        {
            return Usage(ex.Message);
        }
        var failOn = parse.GetValue(_gate.FailOn) ?? outcome.ConfiguredFailOn ?? DefaultFailOn;
        var exit = GateReport.Finish(outcome.Report, parse, _gate, failOn, baseline, output, error);
        return exit == ExitCodes.Clean && outcome.ManifestErrors > 0 ? ExitCodes.UsageError : exit;
    }

    private static DependencyAuditOutcome Audit(DependencyAuditRequest request, ReportFormat format, bool noProgress, CancellationToken cancellationToken) =>
        FileProgress.Run(Terminal.ShowProgress(format == ReportFormat.Table, noProgress), "Finding manifests", task =>
            new DependencyAuditService(TimeProvider.System).Run(
                request,
                new DependencyAuditService.Progress(FileProgress.Listed(task, count => $"Reading {count} manifests"), FileProgress.Done(task)),
                cancellationToken));

    private int Usage(string message)
    {
        error.WriteLine($"bulwark: {message}");
        return ExitCodes.UsageError;
    }
}
