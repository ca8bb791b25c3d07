using Bulwark.Core.Limits;
using Bulwark.Scanning.Dependencies.Manifests;
using Bulwark.Tests.Shared;

namespace Bulwark.Scanning.Tests.Dependencies.Manifests.JavaScript;

/// <summary>Writes a manifest (and its neighbours) to a temporary folder and parses it.</summary>
internal sealed class ManifestHarness : IDisposable
{
    private readonly TempDirectory _temp = new("bulwark-manifests-");

    public ManifestParseResult Parse(IManifestParser parser, string relativePath, string content, params (string Path, string Content)[] neighbours)
    {
        foreach (var (path, text) in neighbours)
        {
            _temp.Write(path, text);
        }
        _temp.Write(relativePath, content);
        return parser.Parse(new ManifestInput(_temp.Path, relativePath, new InputLimits()), CancellationToken.None);
    }

    /// <summary>Parses raw bytes (for fuzzing), replacing any earlier file of that name.</summary>
    public ManifestParseResult ParseBytes(IManifestParser parser, string relativePath, byte[] content)
    {
        var full = _temp.Combine(relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllBytes(full, content);
        return parser.Parse(new ManifestInput(_temp.Path, relativePath, new InputLimits()), CancellationToken.None);
    }

    /// <summary>1-based line and column of the <paramref name="occurrence"/>-th <paramref name="marker"/>, found by plain search.</summary>
    public static (int Line, int Column) PositionOf(string text, string marker, int occurrence = 1)
    {
        var at = -1;
        for (var i = 0; i < occurrence; i++)
        {
            at = text.IndexOf(marker, at + 1, StringComparison.Ordinal);
            at.ShouldBeGreaterThanOrEqualTo(0, $"marker {marker} #{i + 1} not in sample");
        }
        var line = 1 + text.AsSpan(0, at).Count('\n');
        var lineStart = at == 0 ? 0 : text.LastIndexOf('\n', at - 1) + 1;
        return (line, at - lineStart + 1);
    }

    public static DeclaredPackage Single(ManifestParseResult result, string name, string? version = null) =>
        result.Packages.Single(p => p.Name == name && (version is null || p.Version == version));

    public void Dispose() => _temp.Dispose();
}
