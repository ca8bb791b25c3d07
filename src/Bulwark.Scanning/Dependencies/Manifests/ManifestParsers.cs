using Bulwark.Scanning.Dependencies.Manifests.Python;

namespace Bulwark.Scanning.Dependencies.Manifests;

/// <summary>Every manifest and lockfile format the audit reads.</summary>
internal static class ManifestParsers
{
    public static IReadOnlyList<IManifestParser> All { get; } = [.. PythonManifestParsers.All, .. OtherManifestParsers.All];

    /// <summary>The parser for a file name, or null when it is not a supported manifest.</summary>
    public static IManifestParser? For(string fileName) => All.FirstOrDefault(p => p.Matches(fileName));
}
