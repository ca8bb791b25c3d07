namespace Bulwark.Runner.Jobs;

/// <summary>A finished step and, unless it succeeded, a short sentence for the job's reason (no secrets).</summary>
internal sealed record StepOutcome(StepResult Result, string? Reason);
