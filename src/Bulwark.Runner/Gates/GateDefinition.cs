namespace Bulwark.Runner.Gates;

/// <summary>
/// A built-in gate: the <c>bulwark</c> subcommand it runs and the <c>with:</c> keys it takes. Gates that write
/// Bulwark's JSON report get <c>--format json --output FILE --no-progress</c>; the others are judged by exit code.
/// </summary>
internal sealed record GateDefinition(string Name, IReadOnlyList<string> Command, IReadOnlyList<GateParameter> Parameters, bool WritesJsonReport, string Description)
{
    /// <summary>Reads the advisory index (<see cref="Jobs.RunnerOptions.AdvisoryDatabase"/>).</summary>
    public bool NeedsAdvisoryDatabase { get; init; }
}
