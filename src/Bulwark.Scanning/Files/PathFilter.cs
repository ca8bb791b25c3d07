using Bulwark.Core.Files;

namespace Bulwark.Scanning.Files;

/// <summary>
/// Paths a scan skips: the user's exclude patterns (gitignore syntax, from bulwark.toml and the command line)
/// and files that never hold text worth scanning (images, fonts, media, compiled objects).
/// Paths are relative to the scan root with '/' separators.
/// </summary>
internal sealed class PathFilter
{
    private static readonly HashSet<string> SkippedExtensions = new(StringComparer.OrdinalIgnoreCase)
    {
        ".png", ".jpg", ".jpeg", ".gif", ".bmp", ".ico", ".webp", ".tif", ".tiff", ".psd",
        ".woff", ".woff2", ".ttf", ".otf", ".eot",
        ".mp3", ".mp4", ".m4a", ".wav", ".flac", ".ogg", ".avi", ".mov", ".mkv", ".webm",
        ".so", ".dll", ".dylib", ".exe", ".o", ".a", ".lib", ".class", ".pyc", ".pyo",
    };

    private readonly ExcludePatterns _excludes;

    public PathFilter(IEnumerable<string> excludePatterns) => _excludes = new ExcludePatterns(excludePatterns);

    public static PathFilter None { get; } = new([]);

    public bool IsExcluded(string relativePath) =>
        SkippedExtensions.Contains(Path.GetExtension(relativePath))
        || _excludes.IsExcluded(relativePath);

    public bool IsExcludedDirectory(string relativePath) => _excludes.IsExcludedDirectory(relativePath);
}
