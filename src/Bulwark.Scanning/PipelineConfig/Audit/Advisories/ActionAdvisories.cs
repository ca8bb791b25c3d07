using Bulwark.Scanning.Dependencies;
using Bulwark.Scanning.Dependencies.Advisories;
using Bulwark.Scanning.Dependencies.Database;
using Bulwark.Scanning.Dependencies.Versions;

namespace Bulwark.Scanning.PipelineConfig.Audit.Advisories;

/// <summary>An advisory affecting one <c>uses:</c> reference, and the versions that fix it.</summary>
internal sealed record ActionAdvisory(Advisory Advisory, string Version, IReadOnlyList<string> Fixed, bool FromComment);

/// <summary>
/// Looks <c>owner/repo@ref</c> up in the local OSV index (ecosystem "GitHub Actions"). A version tag is
/// compared with the advisory's ranges (a floating major tag <c>v4</c> stands for the newest 4.x); a commit SHA
/// is matched through its <c># vX.Y.Z</c> comment, or else only when an advisory lists the SHA itself.
/// Thread-safe (the index is).
/// </summary>
internal sealed class ActionAdvisories(AdvisoryIndex index)
{
    public Dependencies.Database.DatabaseInfo Info => index.Info;

    public bool HasActions => index.Info.Ecosystems.Any(e => e.Ecosystem == Ecosystems.GitHubActions);

    public List<ActionAdvisory> Find(string name, string reference, string? comment)
    {
        var found = new List<ActionAdvisory>();
        var advisories = index.Find(Ecosystems.GitHubActions, name);
        if (advisories.Count == 0)
        {
            return found;
        }
        var isSha = reference.Length is 40 or 64 && reference.All(char.IsAsciiHexDigit);
        var versionText = isSha ? comment : reference;
        var version = versionText is null ? null : Parse(versionText);
        foreach (var advisory in advisories)
        {
            if (advisory.Withdrawn is not null)
            {
                continue;
            }
            foreach (var entry in advisory.Affected.Where(a => a.Ecosystem == Ecosystems.GitHubActions && string.Equals(a.Name, name, StringComparison.OrdinalIgnoreCase)))
            {
                var listed = entry.Versions.Any(v => string.Equals(v, reference, StringComparison.OrdinalIgnoreCase) || (versionText is not null && Same(v, versionText)));
                var inRange = version is not null && AffectedRangeEvaluator.Evaluate(entry, version).IsAffected;
                if (listed || inRange)
                {
                    found.Add(new ActionAdvisory(advisory, versionText ?? reference, [.. AffectedRangeEvaluator.FixedVersions(entry).Select(v => v.Text)], isSha && !listed));
                    break;
                }
            }
        }
        return found;
    }

    /// <summary>v45.0.7 → 45.0.7; a floating v45 or v45.1 → the highest version of that line.</summary>
    private static PackageVersion? Parse(string text)
    {
        var core = text.StartsWith('v') || text.StartsWith('V') ? text[1..] : text;
        var parts = core.Split('.');
        if (parts.Length is 1 or 2 && parts.All(p => p.Length > 0 && p.All(char.IsAsciiDigit)))
        {
            core = parts.Length == 1 ? $"{core}.999999.999999" : $"{core}.999999";
        }
        return VersionSchemes.SemVer.TryParse(core, out var version) ? version : null;
    }

    private static bool Same(string listed, string version) =>
        string.Equals(listed.TrimStart('v', 'V'), version.TrimStart('v', 'V'), StringComparison.OrdinalIgnoreCase);
}
