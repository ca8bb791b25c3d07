namespace Bulwark.Server.Web.Pages.Runs;

/// <summary>The run-pipeline form: a branch or tag and optionally the exact commit (ManualRuns checks both).</summary>
internal sealed class RunTriggerForm
{
    public string? Ref { get; set; }

    public string? Commit { get; set; }
}
