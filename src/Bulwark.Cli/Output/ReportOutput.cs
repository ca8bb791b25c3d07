using Bulwark.Core.Files;
using Bulwark.Core.Findings;
using Bulwark.Core.Reports;

namespace Bulwark.Cli.Output;

/// <summary>Writes a report to stdout or to a file; files are written whole or not at all.</summary>
internal static class ReportOutput
{
    public static void Write(ScanReport report, ReportFormat format, string? path, TextWriter stdout, bool stdoutIsTerminal)
    {
        var writer = ReportFormats.CreateWriter(format);
        if (path is null)
        {
            writer.Write(report, stdout, colors: stdoutIsTerminal && format == ReportFormat.Table);
            return;
        }
        // Whole or not at all, and never over a device such as /dev/null.
        AtomicFile.Write(path, stream =>
        {
            using var file = new StreamWriter(stream, new System.Text.UTF8Encoding(false), leaveOpen: true);
            writer.Write(report, file, colors: false);
        });
    }
}
