namespace Bulwark.Server.Runs;

/// <summary>A built-in gate's result in a job: the engine's JSON report and whether its policy passed.</summary>
internal sealed class GateReport
{
    public Guid Id { get; set; }

    public Guid JobId { get; set; }

    public int StepIndex { get; set; }

    public required string Gate { get; set; }

    public bool Passed { get; set; }

    public required string ReportJson { get; set; }

    public DateTime CreatedAt { get; set; }
}
