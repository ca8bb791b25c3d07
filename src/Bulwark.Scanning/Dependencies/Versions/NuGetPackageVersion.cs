using System.Diagnostics.CodeAnalysis;
using NuGet.Versioning;

namespace Bulwark.Scanning.Dependencies.Versions;

/// <summary>
/// A NuGet version, parsed and ordered by NuGet.Versioning itself: up to four numeric parts, case-insensitive
/// pre-release labels, metadata ignored.
/// </summary>
internal sealed class NuGetPackageVersion : PackageVersion
{
    private NuGetPackageVersion(string text, NuGetVersion version)
        : base(text) => Version = version;

    public NuGetVersion Version { get; }

    public override bool IsPrerelease => Version.IsPrerelease;

    public static bool TryParse(string text, [NotNullWhen(true)] out NuGetPackageVersion? version)
    {
        version = null;
        if (!VersionText.TryTrim(text, out var trimmed) || !NuGetVersion.TryParse(trimmed.ToString(), out var parsed))
        {
            return false;
        }
        version = new NuGetPackageVersion(text, parsed);
        return true;
    }

    public override int CompareTo(PackageVersion? other) => other switch
    {
        null => 1,
        NuGetPackageVersion that => Math.Sign(VersionComparer.Default.Compare(Version, that.Version)),
        _ => throw VersionText.CrossSchemeComparison(this, other),
    };
}
