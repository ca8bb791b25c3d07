using System.CommandLine;
using Bulwark.Core.Configuration;
using Bulwark.Scanning.Dependencies.Audit;
using Bulwark.Scanning.Dependencies.Database;
using Bulwark.Scanning.Dependencies.Fix;

namespace Bulwark.Cli.Commands;

/// <summary>
/// <c>bulwark deps fix [PATH] [--write]</c>: moves vulnerable pins to their minimal fixing versions. Without
/// <c>--write</c> it prints the unified diff it would apply; lockfiles are never edited, the steps to regenerate
/// them are listed instead. Exit 0 when the plan was shown or applied, 2 on bad input.
/// </summary>
internal sealed class DepsFixCommand(TextWriter output, TextWriter error)
{
    private readonly Argument<string> _path = new("PATH") { Description = "Project folder or one manifest", DefaultValueFactory = _ => "." };
    private readonly Option<bool> _write = new("--write") { Description = "Apply the changes (default: show them as a diff)" };
    private readonly Option<string[]> _ignore = new("--ignore") { Description = "Do not fix for this advisory (OSV id or alias; repeatable)", AllowMultipleArgumentsPerToken = false };
    private readonly Option<bool> _skipDev = new("--skip-dev") { Description = "Leave development-only dependencies alone" };

    public Command Build()
    {
        var command = new Command("fix", "Rewrite vulnerable pins in requirements files, pyproject.toml and package.json to the minimal fixed versions (dry-run diff unless --write)");
        command.Arguments.Add(_path);
        command.Options.Add(_write);
        command.Options.Add(_ignore);
        command.Options.Add(_skipDev);
        command.SetAction((parse, cancellationToken) => Task.FromResult(Run(parse, cancellationToken)));
        return command;
    }

    private int Run(ParseResult parse, CancellationToken cancellationToken)
    {
        var request = new DependencyAuditRequest(parse.GetValue(_path) ?? ".", DataDirectory.Resolve(parse.GetValue(BulwarkCommandLine.DataDirOption)))
        {
            IgnoreAdvisories = parse.GetValue(_ignore) ?? [],
            SkipDevelopment = parse.GetValue(_skipDev) ? true : null,
        };
        try
        {
            var outcome = new DependencyAuditService(TimeProvider.System).Run(request, null, cancellationToken);
            var root = outcome.Report.ScanRoot;
            var plan = FixPlanner.Plan(root, outcome.Vulnerable, outcome.Manifests);
            if (plan.Edits.Count == 0 && plan.Manual.Count == 0)
            {
                output.WriteLine(outcome.Vulnerable.Count == 0 ? "No vulnerable packages: nothing to fix." : "Nothing Bulwark can change.");
                return ExitCodes.Clean;
            }
            if (parse.GetValue(_write))
            {
                FixApplier.Apply(root, plan);
                foreach (var edit in plan.Edits)
                {
                    output.WriteLine($"{edit.File}:{edit.Line}: {edit.Package} {edit.From} -> {edit.To}");
                }
                output.WriteLine($"Updated {plan.Edits.Count} pin(s) in {plan.Edits.Select(e => e.File).Distinct(StringComparer.Ordinal).Count()} file(s).");
            }
            else
            {
                output.Write(FixApplier.Diff(root, plan));
                if (plan.Edits.Count > 0)
                {
                    error.WriteLine("bulwark: dry run; apply with --write");
                }
            }
            foreach (var step in plan.Manual)
            {
                error.WriteLine($"bulwark: {step.File}:{step.Line}: {step.Message}");
            }
            return ExitCodes.Clean;
        }
        catch (Exception ex) when (ex is ConfigException or AdvisoryDatabaseException or IOException)
        {
            error.WriteLine($"bulwark: {ex.Message}");
            return ExitCodes.UsageError;
        }
    }
}
