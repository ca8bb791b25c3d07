using System.CommandLine;
using Bulwark.Cli.Output;
using Bulwark.Core.Findings;
using Bulwark.Core.Policy;
using Bulwark.Core.Reports;

namespace Bulwark.Cli.Commands;

/// <summary>
/// The last step every gate shares: apply threshold and baseline, write the report in the chosen format,
/// record a baseline on request, echo problems to stderr in machine formats, and pick the exit code.
/// </summary>
internal static class GateReport
{
    public static int Finish(ScanReport raw, ParseResult parse, GateOptions gate, string failOnText, Baseline? baseline, TextWriter output, TextWriter error)
    {
        ReportFormats.TryParse(parse.GetValue(gate.Format), out var format);
        SeverityNames.TryParse(failOnText, out var failOn);
        var policy = new FindingPolicy(failOn, baseline);
        var (reported, suppressed) = policy.Apply(raw.Findings);
        var report = raw with { Findings = reported, Suppressed = suppressed };

        ReportOutput.Write(report, format, parse.GetValue(gate.Output), output, Terminal.StdoutIsTerminal);
        if (parse.GetValue(gate.WriteBaseline) is { } writeBaseline)
        {
            Baseline.Write(writeBaseline, raw.Findings);
        }
        if (format != ReportFormat.Table)
        {
            // Machine formats keep stdout clean; people still see problems on stderr.
            foreach (var notice in report.Notices.Where(n => n.Level != NoticeLevel.Info))
            {
                error.WriteLine($"bulwark: {notice.Level.ToString().ToLowerInvariant()}: {notice}");
            }
        }
        return policy.Fails(reported) ? ExitCodes.Findings : ExitCodes.Clean;
    }

    /// <summary>Loads the <c>--baseline</c> file if one was given.</summary>
    /// <exception cref="BaselineException">The file is unreadable or malformed.</exception>
    public static Baseline? LoadBaseline(ParseResult parse, GateOptions gate) =>
        parse.GetValue(gate.Baseline) is { } path ? Baseline.Load(path) : null;
}
