using System.Diagnostics.CodeAnalysis;

namespace Bulwark.Scanning.Dependencies.Versions;

/// <summary>
/// A Go module version (https://go.dev/ref/mod#versions): SemVer with a <c>v</c> prefix, which OSV omits, so both
/// spellings parse. Pseudo-versions (<c>v0.0.0-20191109021931-daa7c04131f5</c>, <c>v1.2.4-0.2019…</c>) are
/// SemVer pre-releases and sort as such; <c>+incompatible</c> is build metadata and ignored for ordering.
/// </summary>
internal sealed class GoVersion : PackageVersion
{
    private GoVersion(string text, SemVerCore core)
        : base(text) => Core = core;

    public SemVerCore Core { get; }

    public override bool IsPrerelease => Core.Prerelease.Count > 0;

    public static bool TryParse(string text, [NotNullWhen(true)] out GoVersion? version)
    {
        version = null;
        if (!VersionText.TryTrim(text, out var s))
        {
            return false;
        }
        if (s[0] == 'v')
        {
            s = s[1..];
        }
        if (!SemVerCore.TryParse(s, out var core))
        {
            return false;
        }
        version = new GoVersion(text, core);
        return true;
    }

    public override int CompareTo(PackageVersion? other) => other switch
    {
        null => 1,
        GoVersion that => Core.CompareTo(that.Core),
        _ => throw VersionText.CrossSchemeComparison(this, other),
    };
}
