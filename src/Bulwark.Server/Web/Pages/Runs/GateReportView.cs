namespace Bulwark.Server.Web.Pages.Runs;

/// <summary>One finding of a stored gate report, as the run page lists it (every field already cut to a readable length).</summary>
internal sealed record GateFindingRow(string Severity, string RuleId, string Title, string Path, int? Line, string Message);

/// <summary>
/// What a page shows of a stored gate report: the first findings (most severe first), how many the report holds,
/// and why it could not be read, if it could not.
/// </summary>
internal sealed record GateReportView(IReadOnlyList<GateFindingRow> Findings, int Total, string? Problem)
{
    public bool Truncated => Total > Findings.Count;
}
