namespace Bulwark.Scanning.Dependencies.Versions;

/// <summary>Input hygiene shared by the version parsers: bounded length, surrounding whitespace trimmed.</summary>
internal static class VersionText
{
    /// <summary>
    /// Longest version string any parser accepts. Real versions are far shorter (a Go pseudo-version is about 40
    /// characters); the bound keeps hostile lockfiles from feeding megabyte "versions" into comparisons.
    /// </summary>
    public const int MaxLength = 256;

    /// <summary>The trimmed text, or false when it is empty or longer than <see cref="MaxLength"/>.</summary>
    public static bool TryTrim(string? text, out ReadOnlySpan<char> trimmed)
    {
        trimmed = text.AsSpan().Trim();
        return !trimmed.IsEmpty && trimmed.Length <= MaxLength;
    }

    public static ArgumentException CrossSchemeComparison(PackageVersion self, PackageVersion other) =>
        new($"Cannot compare {self.GetType().Name} '{self.Text}' with {other.GetType().Name} '{other.Text}'.", nameof(other));
}
