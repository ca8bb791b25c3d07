using System.CommandLine;
using System.Text;
using Bulwark.Core.Configuration;
using Bulwark.Core.Files;
using Bulwark.Core.Policy;
using Bulwark.Scanning.PipelineConfig.Audit;

namespace Bulwark.Cli.Commands;

/// <summary>
/// <c>bulwark pipeline audit [PATH]</c>: audits GitHub Actions workflows and actions, GitLab CI files (with local
/// includes) and .bulwark.yml for CI/CD attack patterns. Exit codes as in <see cref="ExitCodes"/>; default
/// threshold <c>high</c>; a file that cannot be read or parsed (and no finding reaching the threshold) exits 2.
/// With <c>--fix</c> it prints the unified diff of the mechanical fixes (with <c>--write</c>, applies them, each
/// file atomically) and exits 0, or 2 when nothing could be audited.
/// </summary>
internal sealed class PipelineAuditCommand(TextWriter output, TextWriter error)
{
    public const string DefaultFailOn = "high";

    private readonly GateOptions _gate = new();
    private readonly Argument<string> _path = new("PATH") { Description = "Repository folder or one pipeline file", DefaultValueFactory = _ => "." };
    private readonly Option<bool> _noIgnore = new("--no-ignore") { Description = "Also audit files that .gitignore excludes" };
    private readonly Option<string[]> _exclude = new("--exclude") { Description = "Skip paths matching this gitignore-style pattern (repeatable)", AllowMultipleArgumentsPerToken = false };
    private readonly Option<string[]> _allowOwner = new("--allow-owner") { Description = "Accept tag pins for actions of this owner or owner/repo (repeatable)", AllowMultipleArgumentsPerToken = false };
    private readonly Option<bool> _fix = new("--fix") { Description = "Show the mechanical fixes (persist-credentials: false, ${{ }} moved from run: into env:) as a diff" };
    private readonly Option<bool> _write = new("--write") { Description = "With --fix: apply the fixes to the files" };

    public Command Build()
    {
        var command = new Command("audit", "Audit GitHub Actions, GitLab CI and .bulwark.yml files for injection, dangerous triggers, unpinned actions and images, token permissions, leaked credentials and more");
        command.Arguments.Add(_path);
        command.Options.Add(_noIgnore);
        command.Options.Add(_exclude);
        command.Options.Add(_allowOwner);
        command.Options.Add(_fix);
        command.Options.Add(_write);
        _gate.AddTo(command);
        command.SetAction((parse, cancellationToken) => Task.FromResult(Run(parse, cancellationToken)));
        return command;
    }

    private int Run(ParseResult parse, CancellationToken cancellationToken)
    {
        var fix = parse.GetValue(_fix);
        if (parse.GetValue(_write) && !fix)
        {
            return Usage("--write needs --fix");
        }
        var request = new PipelineAuditRequest(parse.GetValue(_path) ?? ".")
        {
            DataDirectory = DataDirectory.Resolve(parse.GetValue(BulwarkCommandLine.DataDirOption)),
            RespectIgnore = !parse.GetValue(_noIgnore),
            Exclude = parse.GetValue(_exclude) ?? [],
            AllowedOwners = parse.GetValue(_allowOwner) ?? [],
            Fix = fix,
        };
        Baseline? baseline;
        PipelineAuditOutcome outcome;
        try
        {
            baseline = GateReport.LoadBaseline(parse, _gate);
            outcome = new PipelineAuditService(TimeProvider.System).Run(request, cancellationToken);
        }
        catch (Exception ex) when (ex is ConfigException or BaselineException)
        {
            return Usage(ex.Message);
        }
        var failOn = parse.GetValue(_gate.FailOn) ?? outcome.ConfiguredFailOn ?? DefaultFailOn;
        if (fix)
        {
            return Fix(parse, outcome, failOn, baseline);
        }
        var exit = GateReport.Finish(outcome.Report, parse, _gate, failOn, baseline, output, error);
        return exit == ExitCodes.Clean && outcome.FileErrors > 0 ? ExitCodes.UsageError : exit;
    }

    private int Fix(ParseResult parse, PipelineAuditOutcome outcome, string failOn, Baseline? baseline)
    {
        if (parse.GetValue(_gate.Output) is not null)
        {
            GateReport.Finish(outcome.Report, parse, _gate, failOn, baseline, output, error);
        }
        if (outcome.Fixes.Count == 0)
        {
            error.WriteLine("bulwark: nothing to fix mechanically");
            return ExitCodes.Clean;
        }
        if (!parse.GetValue(_write))
        {
            foreach (var file in outcome.Fixes)
            {
                output.Write(file.Diff);
            }
            error.WriteLine("bulwark: dry run; apply with --fix --write");
            return ExitCodes.Clean;
        }
        foreach (var file in outcome.Fixes)
        {
            AtomicFile.Write(file.FullPath, new UTF8Encoding(false).GetBytes(file.After));
            output.WriteLine($"{file.Path}: {string.Join("; ", file.Applied.Distinct(StringComparer.Ordinal))}");
        }
        output.WriteLine($"Fixed {outcome.Fixes.Count} file(s).");
        return ExitCodes.Clean;
    }

    private int Usage(string message)
    {
        error.WriteLine($"bulwark: {message}");
        return ExitCodes.UsageError;
    }
}
