using Bulwark.Core.Findings;

namespace Bulwark.Core.Reports;

/// <summary>Writes a finished scan in one output format.</summary>
public interface IReportWriter
{
    /// <param name="report">The scan result.</param>
    /// <param name="output">Where to write. Machine formats write nothing else to it.</param>
    /// <param name="colors">Whether the output is a terminal that understands ANSI colours (tables only).</param>
    void Write(ScanReport report, TextWriter output, bool colors);
}
