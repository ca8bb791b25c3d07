using System.Diagnostics.CodeAnalysis;

namespace Bulwark.Scanning.Dependencies.Versions;

/// <summary>A SemVer 2.0 version as npm and crates.io use it.</summary>
internal sealed class SemVerVersion : PackageVersion
{
    private SemVerVersion(string text, SemVerCore core)
        : base(text) => Core = core;

    public SemVerCore Core { get; }

    public override bool IsPrerelease => Core.Prerelease.Count > 0;

    /// <summary>
    /// Strict SemVer, tolerating only what npm lockfiles are known to contain: surrounding whitespace and a
    /// leading <c>=</c> and/or <c>v</c>. Ranges, tags such as <c>latest</c> and partial versions are rejected.
    /// </summary>
    public static bool TryParse(string text, [NotNullWhen(true)] out SemVerVersion? version)
    {
        version = null;
        if (!VersionText.TryTrim(text, out var s))
        {
            return false;
        }
        if (s[0] == '=')
        {
            s = s[1..];
        }
        if (!s.IsEmpty && s[0] is 'v' or 'V')
        {
            s = s[1..];
        }
        if (!SemVerCore.TryParse(s, out var core))
        {
            return false;
        }
        version = new SemVerVersion(text, core);
        return true;
    }

    public override int CompareTo(PackageVersion? other) => other switch
    {
        null => 1,
        SemVerVersion that => Core.CompareTo(that.Core),
        _ => throw VersionText.CrossSchemeComparison(this, other),
    };
}
