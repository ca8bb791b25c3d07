using System.Diagnostics.CodeAnalysis;

namespace Bulwark.Scanning.Dependencies.Versions;

/// <summary>Maven artifact versions.</summary>
internal sealed class MavenVersionScheme : IVersionScheme
{
    public string Name => "Maven";

    public bool TryParse(string text, [NotNullWhen(true)] out PackageVersion? version)
    {
        version = MavenVersion.TryParse(text, out var parsed) ? parsed : null;
        return version is not null;
    }
}
