using MAB.DotIgnore;

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

    private readonly IgnoreList? _excludes;

    public PathFilter(IEnumerable<string> excludePatterns)
    {
        var patterns = excludePatterns.Where(p => !string.IsNullOrWhiteSpace(p)).ToList();
        _excludes = patterns.Count == 0 ? null : new IgnoreList(patterns);
    }

    public static PathFilter None { get; } = new([]);

    public bool IsExcluded(string relativePath) =>
        SkippedExtensions.Contains(Path.GetExtension(relativePath))
        || (_excludes is not null && _excludes.IsIgnored(relativePath, pathIsDirectory: false));

    public bool IsExcludedDirectory(string relativePath) =>
        _excludes is not null && _excludes.IsIgnored(relativePath, pathIsDirectory: true);
}
