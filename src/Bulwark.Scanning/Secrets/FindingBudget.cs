using Bulwark.Core.Findings;
using Bulwark.Scanning.Secrets.Content;

namespace Bulwark.Scanning.Secrets;

/// <summary>
/// Caps the findings one piece of content may report, so a generated or hostile file full of token-shaped
/// strings cannot fill memory or bury the report. Past the cap, one warning says the file was cut short.
/// </summary>
internal sealed class FindingBudget(ScanSink sink, ContentOrigin origin, int limit)
{
    private int _count;

    public void Add(Finding finding)
    {
        _count++;
        if (_count <= limit)
        {
            sink.AddFinding(finding, origin.Order);
        }
        else if (_count == limit + 1)
        {
            sink.AddNotice(NoticeLevel.Warning, origin.Display, $"more than {limit} findings: the rest of this file's findings were not reported");
        }
    }
}
