namespace Bulwark.Runner.Gates;

/// <summary>
/// A built-in gate: the <c>bulwark</c> subcommand it runs and the <c>with:</c> keys it takes. Gates that write
/// Bulwark's JSON report get <c>--format json --output FILE --no-progress</c>; the others are judged by exit code.
/// </summary>
internal sealed record GateDefinition(string Name, IReadOnlyList<string> Command, IReadOnlyList<GateParameter> Parameters, bool WritesJsonReport, string Description)
{
    /// <summary>Reads the advisory index (<see cref="Jobs.RunnerOptions.AdvisoryDatabase"/>).</summary>
    public bool NeedsAdvisoryDatabase { get; init; }

    /// <summary>The command takes a PATH argument, the workspace unless <c>path</c> names a part of it.</summary>
    public bool TakesPath { get; init; } = true;

    /// <summary>
    /// Gets the job's network (<c>network: egress</c>); every other gate runs without one. Only a gate that must
    /// reach a service (a DAST scan of a deployed staging URL) needs it.
    /// </summary>
    public bool UsesJobNetwork { get; init; }
}
