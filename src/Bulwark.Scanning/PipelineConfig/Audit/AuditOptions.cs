using Bulwark.Scanning.PipelineConfig.Audit.Advisories;

namespace Bulwark.Scanning.PipelineConfig.Audit;

/// <summary>What an audit run may be told (bulwark.toml <c>[pipeline]</c> and command-line options).</summary>
internal sealed record AuditOptions
{
    /// <summary>
    /// Owners (<c>actions</c>) or repositories (<c>actions/checkout</c>) whose tag pins are accepted: the
    /// unpinned-action rule stays quiet for them. Default: none (every action must be SHA-pinned).
    /// </summary>
    public IReadOnlyList<string> AllowedOwners { get; init; } = [];

    /// <summary>Rule ids that never report.</summary>
    public IReadOnlySet<string> DisabledRules { get; init; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>Advisories for <c>uses:</c> references; null skips the known-vulnerable-action rule (a notice says so).</summary>
    public ActionAdvisories? Advisories { get; init; }

    public AuditLimits Limits { get; init; } = AuditLimits.Default;

    public bool IsAllowedOwner(string owner, string repository)
    {
        foreach (var allowed in AllowedOwners)
        {
            var slash = allowed.IndexOf('/');
            if (slash < 0 ? string.Equals(allowed, owner, StringComparison.OrdinalIgnoreCase)
                : string.Equals(allowed, $"{owner}/{repository}", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }
        return false;
    }
}
