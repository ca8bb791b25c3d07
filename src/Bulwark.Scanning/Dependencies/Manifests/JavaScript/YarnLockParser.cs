namespace Bulwark.Scanning.Dependencies.Manifests.JavaScript;

/// <summary>
/// Yarn's <c>yarn.lock</c>: the classic (v1) line format or the YAML of Yarn 2+ ("berry", recognised by its
/// <c>__metadata</c> entry). A package is direct when the package.json beside the lock asks for it with one of
/// the entry's ranges.
/// </summary>
internal sealed class YarnLockParser : IManifestParser
{
    public string Format => "yarn.lock";

    public bool Matches(string fileName) => fileName.Equals("yarn.lock", StringComparison.Ordinal);

    public ManifestParseResult Parse(ManifestInput input, CancellationToken cancellationToken)
    {
        var file = input.RelativePath.Replace('\\', '/');
        var text = input.ReadText();
        var manifest = NpmManifestDependencies.ReadBeside(input);
        var packages = new List<DeclaredPackage>();
        var errors = new List<ManifestError>();
        var isBerry = text.StartsWith("__metadata:", StringComparison.Ordinal) || text.Contains("\n__metadata:", StringComparison.Ordinal);
        if (isBerry)
        {
            new YarnBerryReader(file, manifest, packages, errors).Read(text, input.Limits.MaxJsonDepth, cancellationToken);
        }
        else
        {
            new YarnClassicReader(file, manifest, packages, errors).Read(text, cancellationToken);
        }
        return new ManifestParseResult { File = file, IsLockfile = true, Packages = packages, Errors = errors };
    }

    /// <summary>Splits an entry key (<c>"a@^1", a@^1.1</c>) into its specifiers, quotes removed.</summary>
    internal static List<string> Specifiers(string key)
    {
        var result = new List<string>();
        foreach (var part in key.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            result.Add(part.Length >= 2 && part[0] == '"' && part[^1] == '"' ? part[1..^1] : part);
        }
        return result;
    }

    /// <summary>
    /// Direct when the manifest lists <paramref name="name"/> with a range one of <paramref name="specifiers"/>
    /// carries (Yarn 2+ adds the default <c>npm:</c> protocol to plain ranges).
    /// </summary>
    internal static (DependencyScope Scope, bool IsDevelopment) ScopeOf(NpmManifestDependencies? manifest, string name, List<string> specifiers)
    {
        if (manifest is null)
        {
            return (DependencyScope.Unknown, false);
        }
        if (!manifest.TryGet(name, out var range, out var developmentOnly))
        {
            return (DependencyScope.Transitive, false);
        }
        foreach (var specifier in specifiers)
        {
            if (NpmSource.TrySplitSpecifier(specifier, out var specifierName, out var specifierRange) &&
                specifierName.Equals(name, StringComparison.Ordinal) &&
                (specifierRange.Equals(range, StringComparison.Ordinal) || specifierRange.Equals("npm:" + range, StringComparison.Ordinal)))
            {
                return (DependencyScope.Direct, developmentOnly);
            }
        }
        return (DependencyScope.Transitive, false);
    }
}
