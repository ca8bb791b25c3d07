using System.Diagnostics.CodeAnalysis;

namespace Bulwark.Scanning.Dependencies.Versions;

/// <summary>NuGet package versions.</summary>
internal sealed class NuGetVersionScheme : IVersionScheme
{
    public string Name => "NuGet";

    public bool TryParse(string text, [NotNullWhen(true)] out PackageVersion? version)
    {
        version = NuGetPackageVersion.TryParse(text, out var parsed) ? parsed : null;
        return version is not null;
    }
}
