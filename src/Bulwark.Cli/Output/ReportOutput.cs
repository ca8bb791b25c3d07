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
        var full = Path.GetFullPath(path);
        var temporary = $"{full}.tmp-{Environment.ProcessId}";
        try
        {
            using (var file = new StreamWriter(temporary, append: false, new System.Text.UTF8Encoding(false)))
            {
                writer.Write(report, file, colors: false);
            }
            File.Move(temporary, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }
        }
    }
}
