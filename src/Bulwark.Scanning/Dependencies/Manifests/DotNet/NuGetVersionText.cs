using NuGet.Versioning;

namespace Bulwark.Scanning.Dependencies.Manifests.DotNet;

/// <summary>Decides whether a NuGet version string pins one version (<c>1.2.3</c>, <c>[1.2.3]</c>) or states a range.</summary>
internal static class NuGetVersionText
{
    /// <summary>The pinned version, or null for ranges, floating versions and text that is neither.</summary>
    public static string? Pinned(string text)
    {
        var trimmed = text.Trim();
        if (NuGetVersion.TryParse(trimmed, out _))
        {
            // A bare version is NuGet's minimum, and restore picks exactly it when it exists: a pin.
            return trimmed;
        }
        if (VersionRange.TryParse(trimmed, out var range) && !range.IsFloating &&
            range is { HasLowerAndUpperBounds: true, IsMinInclusive: true, IsMaxInclusive: true } &&
            range.MinVersion == range.MaxVersion)
        {
            return trimmed.TrimStart('[').TrimEnd(']').Trim();
        }
        return null;
    }

    public static bool IsVersionOrRange(string text) => VersionRange.TryParse(text.Trim(), allowFloating: true, out _);
}
