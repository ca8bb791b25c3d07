using Bulwark.Core.Findings;

namespace Bulwark.Scanning.Code;

/// <summary>The report and the threshold bulwark.toml configures for it.</summary>
internal sealed record CodeScanOutcome(ScanReport Report, string? ConfiguredFailOn)
{
    /// <summary>Inputs that could not be used at all (an unreadable import) make the result doubtful.</summary>
    public int InputErrors => Report.Notices.Count(n => n.Level == NoticeLevel.Error);
}
