using System.Diagnostics.CodeAnalysis;

namespace Bulwark.Scanning.Dependencies.Versions;

/// <summary>SemVer 2.0, the scheme of npm and crates.io and of OSV's SEMVER ranges.</summary>
internal sealed class SemVerScheme : IVersionScheme
{
    public string Name => "SemVer";

    public bool TryParse(string text, [NotNullWhen(true)] out PackageVersion? version)
    {
        version = SemVerVersion.TryParse(text, out var parsed) ? parsed : null;
        return version is not null;
    }
}
