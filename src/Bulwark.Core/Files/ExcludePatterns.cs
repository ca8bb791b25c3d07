using MAB.DotIgnore;

namespace Bulwark.Core.Files;

/// <summary>
/// The user's exclude patterns (gitignore syntax, from bulwark.toml and the command line), shared by every gate.
/// Paths are relative to the scan root with '/' separators.
/// </summary>
public sealed class ExcludePatterns
{
    private readonly IgnoreList? _patterns;

    public ExcludePatterns(IEnumerable<string> patterns)
    {
        var list = patterns.Where(p => !string.IsNullOrWhiteSpace(p)).ToList();
        _patterns = list.Count == 0 ? null : new IgnoreList(list);
    }

    public static ExcludePatterns None { get; } = new([]);

    public bool IsExcluded(string relativePath) =>
        _patterns is not null && _patterns.IsIgnored(relativePath, pathIsDirectory: false);

    public bool IsExcludedDirectory(string relativePath) =>
        _patterns is not null && _patterns.IsIgnored(relativePath, pathIsDirectory: true);
}
