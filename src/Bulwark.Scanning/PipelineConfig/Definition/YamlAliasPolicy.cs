namespace Bulwark.Scanning.PipelineConfig.Definition;

/// <summary>
/// Whether a YAML reader resolves anchors (<c>&amp;name</c>), aliases (<c>*name</c>) and merge keys
/// (<c>&lt;&lt;: *name</c>), as GitLab CI files use them. <c>.bulwark.yml</c> refuses them (<see cref="Refuse"/>).
/// An alias shares the anchored node instead of copying it, but every alias is charged the anchored subtree's
/// node count against <see cref="MaxExpandedNodes"/>: a billion-laughs document stops at the budget, and code
/// walking the resolved tree never visits more than that many nodes.
/// </summary>
internal sealed record YamlAliasPolicy(bool Allow, int MaxExpandedNodes)
{
    public static YamlAliasPolicy Refuse { get; } = new(false, 0);

    /// <summary>Aliases allowed; the expanded document holds at most 200 000 nodes.</summary>
    public static YamlAliasPolicy Resolve { get; } = new(true, 200_000);
}
