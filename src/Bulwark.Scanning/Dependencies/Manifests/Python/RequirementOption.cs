namespace Bulwark.Scanning.Dependencies.Manifests.Python;

/// <summary>What a pip requirements-file option does for the audit.</summary>
internal enum RequirementOptionKind
{
    /// <summary>Recognised, changes nothing the audit reports (<c>--pre</c>, <c>--no-binary</c>, <c>--trusted-host</c>).</summary>
    Ignored,
    Requirement,
    Constraint,
    Editable,
    IndexUrl,
    ExtraIndexUrl,
    FindLinks,
    Hash,
}

/// <summary>The options pip accepts in requirements files (global and per-requirement), by spelling.</summary>
internal sealed record RequirementOption(RequirementOptionKind Kind, bool TakesValue)
{
    private static readonly Dictionary<string, RequirementOption> Known = new(StringComparer.Ordinal)
    {
        ["-r"] = new(RequirementOptionKind.Requirement, true),
        ["--requirement"] = new(RequirementOptionKind.Requirement, true),
        ["-c"] = new(RequirementOptionKind.Constraint, true),
        ["--constraint"] = new(RequirementOptionKind.Constraint, true),
        ["-e"] = new(RequirementOptionKind.Editable, true),
        ["--editable"] = new(RequirementOptionKind.Editable, true),
        ["-i"] = new(RequirementOptionKind.IndexUrl, true),
        ["--index-url"] = new(RequirementOptionKind.IndexUrl, true),
        ["--extra-index-url"] = new(RequirementOptionKind.ExtraIndexUrl, true),
        ["-f"] = new(RequirementOptionKind.FindLinks, true),
        ["--find-links"] = new(RequirementOptionKind.FindLinks, true),
        ["--hash"] = new(RequirementOptionKind.Hash, true),
        ["--trusted-host"] = new(RequirementOptionKind.Ignored, true),
        ["--no-binary"] = new(RequirementOptionKind.Ignored, true),
        ["--only-binary"] = new(RequirementOptionKind.Ignored, true),
        ["--use-feature"] = new(RequirementOptionKind.Ignored, true),
        ["--global-option"] = new(RequirementOptionKind.Ignored, true),
        ["--config-settings"] = new(RequirementOptionKind.Ignored, true),
        ["--install-option"] = new(RequirementOptionKind.Ignored, true),
        ["--no-index"] = new(RequirementOptionKind.Ignored, false),
        ["--pre"] = new(RequirementOptionKind.Ignored, false),
        ["--prefer-binary"] = new(RequirementOptionKind.Ignored, false),
        ["--require-hashes"] = new(RequirementOptionKind.Ignored, false),
    };

    /// <summary>
    /// Splits an option token into its name and an attached value (<c>--opt=value</c>, <c>-rfile.txt</c>) and
    /// looks the name up; null when pip has no such option.
    /// </summary>
    public static RequirementOption? Find(string token, out string name, out string? attachedValue)
    {
        attachedValue = null;
        name = token;
        if (token.StartsWith("--", StringComparison.Ordinal))
        {
            var equals = token.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0)
            {
                name = token[..equals];
                attachedValue = token[(equals + 1)..];
            }
        }
        else if (token.Length > 2)
        {
            name = token[..2];
            attachedValue = token[2..].TrimStart('=');
        }
        return Known.GetValueOrDefault(name);
    }
}
