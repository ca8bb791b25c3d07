using System.Diagnostics.CodeAnalysis;

namespace Bulwark.Scanning.Dependencies.Versions;

/// <summary>Go module versions.</summary>
internal sealed class GoVersionScheme : IVersionScheme
{
    public string Name => "Go module version";

    public bool TryParse(string text, [NotNullWhen(true)] out PackageVersion? version)
    {
        version = GoVersion.TryParse(text, out var parsed) ? parsed : null;
        return version is not null;
    }
}
