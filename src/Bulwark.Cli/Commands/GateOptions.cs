using System.CommandLine;
using Bulwark.Core.Findings;
using Bulwark.Core.Reports;

namespace Bulwark.Cli.Commands;

/// <summary>The options every gate shares: output format and file, threshold, baseline, progress.</summary>
internal sealed class GateOptions
{
    public Option<string> Format { get; } = new("--format", "-f")
    {
        Description = "Output format: table (for people), json or sarif (for machines)",
        DefaultValueFactory = _ => "table",
    };

    public Option<string?> Output { get; } = new("--output", "-o")
    {
        Description = "Write the report to FILE (atomically) instead of standard output",
    };

    public Option<string?> FailOn { get; } = new("--fail-on")
    {
        Description = "Exit 1 when a finding has this severity or higher: critical, high, medium, low, info",
    };

    public Option<string?> Baseline { get; } = new("--baseline")
    {
        Description = "Ignore findings whose fingerprints are in this baseline file",
    };

    public Option<string?> WriteBaseline { get; } = new("--write-baseline")
    {
        Description = "Record the current findings' fingerprints in this baseline file",
    };

    public Option<bool> NoProgress { get; } = new("--no-progress")
    {
        Description = "Do not show a progress display, even on a terminal",
    };

    public GateOptions()
    {
        Format.AcceptOnlyFromAmong([.. ReportFormats.Names]);
        FailOn.AcceptOnlyFromAmong([.. SeverityNames.All]);
    }

    public void AddTo(Command command)
    {
        command.Options.Add(Format);
        command.Options.Add(Output);
        command.Options.Add(FailOn);
        command.Options.Add(Baseline);
        command.Options.Add(WriteBaseline);
        command.Options.Add(NoProgress);
    }
}
