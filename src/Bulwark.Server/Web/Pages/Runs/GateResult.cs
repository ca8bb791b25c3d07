using Bulwark.Server.Runs;

namespace Bulwark.Server.Web.Pages.Runs;

/// <summary>A gate step's outcome with its report read for display.</summary>
internal sealed record GateResult(int Step, string Gate, bool Passed, GateReportView Report)
{
    public static GateResult From(GateReport report) => new(report.StepIndex, report.Gate, report.Passed, GateReportReader.Read(report.ReportJson));
}
