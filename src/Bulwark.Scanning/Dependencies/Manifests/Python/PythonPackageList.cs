namespace Bulwark.Scanning.Dependencies.Manifests.Python;

/// <summary>Packages, indexes and errors collected from one structured (TOML, JSON, YAML) Python manifest.</summary>
internal sealed class PythonPackageList(string file)
{
    private static readonly HashSet<string> DevelopmentGroups = new(StringComparer.OrdinalIgnoreCase)
    {
        "dev", "devel", "develop", "development", "test", "tests", "testing", "docs", "doc", "lint", "linting",
        "typing", "types", "style", "format", "qa", "check", "checks",
    };

    public string File { get; } = file;

    public List<DeclaredPackage> Packages { get; } = [];

    public List<PackageIndex> Indexes { get; } = [];

    public List<ManifestError> Errors { get; } = [];

    /// <summary>True for optional-dependency and group names that by convention hold development tools.</summary>
    public static bool IsDevelopmentGroup(string name) => DevelopmentGroups.Contains(name);

    public void Error(PositionedNode at, string message) => Errors.Add(new ManifestError(File, at.Line, at.Column, message));

    /// <summary>
    /// Adds the PEP 508 string <paramref name="node"/> (an array item, so positioned at its opening quote) as a
    /// direct dependency; a non-string or malformed item becomes an error.
    /// </summary>
    public void AddPep508(PositionedNode node, bool development)
    {
        if (node.String is not { } text)
        {
            Error(node, "expected a dependency string");
            return;
        }
        if (!Pep508Parser.TryParse(text, out var requirement, out var message, out var offset))
        {
            Errors.Add(new ManifestError(File, node.Line, node.Column + 1 + offset, $"invalid requirement '{text}': {message}"));
            return;
        }
        Packages.Add(new DeclaredPackage
        {
            Ecosystem = Ecosystems.PyPI,
            Name = requirement!.Name,
            Version = requirement.PinnedVersion,
            Requirement = requirement.Specifier,
            File = File,
            Line = node.Line,
            Column = node.Column + 1 + requirement.NameOffset,
            Scope = DependencyScope.Direct,
            IsDevelopment = development,
            Source = requirement.Url is null ? PackageSource.Registry : PythonArtifactNames.SourceOfUrl(requirement.Url),
            SourceUrl = requirement.Url,
            Extras = requirement.Extras,
            Marker = requirement.Marker,
        });
    }

    /// <summary>Adds every item of an array of PEP 508 strings; PEP 735 <c>{include-group = ...}</c> tables are skipped.</summary>
    public void AddPep508Array(PositionedNode? array, bool development, string where)
    {
        if (array is null)
        {
            return;
        }
        if (array.Kind != PositionedNodeKind.Array)
        {
            Error(array, $"'{where}' must be an array of dependency strings");
            return;
        }
        foreach (var item in array.Items)
        {
            if (item.Kind != PositionedNodeKind.Table)
            {
                AddPep508(item, development);
            }
        }
    }

    public ManifestParseResult ToResult(bool isLockfile) => new()
    {
        File = File,
        IsLockfile = isLockfile,
        Packages = Packages,
        Indexes = Indexes,
        Errors = Errors,
    };

    public static ManifestParseResult Failed(string file, ManifestError error) =>
        new() { File = file, IsLockfile = false, Errors = [error] };
}
