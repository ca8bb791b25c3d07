using Bulwark.Core.Findings;

namespace Bulwark.Core.Policy;

/// <summary>Decides which findings count and whether a run fails.</summary>
public sealed record FindingPolicy(Severity FailOn, Baseline? Baseline)
{
    /// <summary>Splits findings into the ones reported and the ones the baseline accepts.</summary>
    public (IReadOnlyList<Finding> Reported, IReadOnlyList<Finding> Suppressed) Apply(IEnumerable<Finding> findings)
    {
        var reported = new List<Finding>();
        var suppressed = new List<Finding>();
        foreach (var finding in findings)
        {
            (Baseline?.Contains(finding) == true ? suppressed : reported).Add(finding);
        }
        return (reported, suppressed);
    }

    public bool Fails(IEnumerable<Finding> reported) => reported.Any(f => f.Severity >= FailOn);
}
