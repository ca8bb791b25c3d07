using Bulwark.Core.Findings;
using Spectre.Console;

namespace Bulwark.Core.Reports;

/// <summary>The console report for people: one row per finding, a summary line, then any notices.</summary>
public sealed class TableReportWriter : IReportWriter
{
    /// <summary>Width used when the output is not a terminal, so redirected tables do not wrap at 80.</summary>
    private const int RedirectedWidth = 160;

    public void Write(ScanReport report, TextWriter output, bool colors)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = colors ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = colors ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        if (!colors)
        {
            console.Profile.Width = RedirectedWidth;
        }

        if (report.Findings.Count > 0)
        {
            var ordered = Ordered(report.Findings);
            console.Write(BuildTable(ordered));
            // The table says where; the messages say why, which is what a person needs to decide.
            for (var i = 0; i < ordered.Count; i++)
            {
                console.MarkupLine($"[grey]{i + 1,3}.[/] {Markup.Escape(ordered[i].Message)}");
            }
        }
        console.MarkupLine(Summary(report));
        foreach (var notice in report.Notices)
        {
            var style = notice.Level switch
            {
                NoticeLevel.Error => "red",
                NoticeLevel.Warning => "yellow",
                _ => "grey",
            };
            console.MarkupLine($"[{style}]{notice.Level.ToString().ToLowerInvariant()}:[/] {Markup.Escape(notice.ToString())}");
        }
    }

    private static Table BuildTable(IReadOnlyList<Finding> findings)
    {
        var withCommits = findings.Any(f => f.Location.Commit is not null);
        var table = new Table().Border(TableBorder.Rounded);
        table.AddColumn("#");
        table.AddColumn("Severity");
        table.AddColumn("Rule");
        table.AddColumn("Location");
        if (withCommits)
        {
            table.AddColumn("Commit");
        }
        table.AddColumn("Evidence");
        var number = 0;
        foreach (var finding in findings)
        {
            var cells = new List<string>
            {
                (++number).ToString(System.Globalization.CultureInfo.InvariantCulture),
                SeverityMarkup(finding.Severity),
                Markup.Escape(finding.RuleId),
                Markup.Escape(finding.Location.Display),
            };
            if (withCommits)
            {
                var commit = finding.Location.Commit;
                cells.Add(commit is null ? "" : Markup.Escape($"{commit.Sha[..Math.Min(10, commit.Sha.Length)]} {commit.Author} {commit.Date:yyyy-MM-dd}"));
            }
            cells.Add(Markup.Escape(finding.Evidence));
            table.AddRow(cells.ToArray());
        }
        return table;
    }

    private static List<Finding> Ordered(IReadOnlyList<Finding> findings) =>
        [.. findings.OrderByDescending(f => f.Severity).ThenBy(f => f.Location.Path, StringComparer.Ordinal).ThenBy(f => f.Location.Line).ThenBy(f => f.Location.ByteOffset)];

    private static string SeverityMarkup(Severity severity) => severity switch
    {
        Severity.Critical => "[bold red]critical[/]",
        Severity.High => "[red]high[/]",
        Severity.Medium => "[yellow]medium[/]",
        Severity.Low => "[blue]low[/]",
        _ => "[grey]info[/]",
    };

    private static string Count(long count, string noun) => count == 1 ? $"1 {noun}" : $"{count} {noun}s";

    private static string Summary(ScanReport report)
    {
        var stats = report.Statistics;
        var what = stats.Commits > 0
            ? $"{Count(stats.Commits, "commit")}, {Count(stats.Files, "blob")}"
            : Count(stats.Files, "file");
        var size = stats.Bytes >= 1 << 20 ? $"{stats.Bytes / (1024.0 * 1024.0):F1} MiB" : $"{stats.Bytes / 1024.0:F1} KiB";
        var found = report.Findings.Count switch
        {
            0 => "[green]no findings[/]",
            1 => "[red]1 finding[/]",
            var n => $"[red]{n} findings[/]",
        };
        var suppressed = report.Suppressed.Count > 0 ? $", {report.Suppressed.Count} suppressed" : "";
        return $"{found}{suppressed} — {Markup.Escape(report.Gate)}: scanned {what} ({size}) in {stats.Duration.TotalSeconds:F2}s";
    }
}
