using Bulwark.Core.Limits;
using Bulwark.Scanning.Dependencies.Manifests;
using Bulwark.Tests.Shared;

namespace Bulwark.Scanning.Tests.Dependencies.Manifests.Python;

/// <summary>A temporary audited root to write manifests into and parse them from.</summary>
internal sealed class ManifestFixture() : IDisposable
{
    private readonly TempDirectory _root = new("bulwark-pymanifests-");

    public string Root => _root.Path;

    public ManifestFixture Write(string relativePath, string content)
    {
        _root.Write(relativePath, content);
        return this;
    }

    public ManifestParseResult Parse(IManifestParser parser, string relativePath)
    {
        parser.Matches(Path.GetFileName(relativePath)).ShouldBeTrue();
        return parser.Parse(new ManifestInput(Root, relativePath, new InputLimits()), CancellationToken.None);
    }

    public void Dispose() => _root.Dispose();
}

internal static class ParseResultExtensions
{
    public static DeclaredPackage Package(this ManifestParseResult result, string name) =>
        result.Packages.Single(p => string.Equals(p.Name, name, StringComparison.Ordinal));
}
