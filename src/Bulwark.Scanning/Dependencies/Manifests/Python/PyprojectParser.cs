namespace Bulwark.Scanning.Dependencies.Manifests.Python;

/// <summary>
/// <c>pyproject.toml</c>: PEP 621 <c>[project]</c> dependencies and optional dependencies, PEP 735
/// <c>[dependency-groups]</c>, Poetry's tables and sources, and uv's <c>[[tool.uv.index]]</c>.
/// </summary>
internal sealed class PyprojectParser : IManifestParser
{
    public string Format => "pyproject.toml";

    public bool Matches(string fileName) => string.Equals(fileName, "pyproject.toml", StringComparison.Ordinal);

    public ManifestParseResult Parse(ManifestInput input, CancellationToken cancellationToken)
    {
        var file = input.RelativePath.Replace('\\', '/');
        return Parse(input.ReadText(), file);
    }

    public static ManifestParseResult Parse(string text, string file)
    {
        var root = PositionedToml.Parse(text, file, out var error);
        if (root is null)
        {
            return PythonPackageList.Failed(file, error!);
        }
        var list = new PythonPackageList(file);
        var project = root.Get("project");
        var projectName = project?.GetString("name");
        list.AddPep508Array(project?.Get("dependencies"), development: false, "project.dependencies");
        foreach (var (group, items) in project?.Get("optional-dependencies")?.Members ?? [])
        {
            list.AddPep508Array(items, PythonPackageList.IsDevelopmentGroup(group), "project.optional-dependencies." + group);
        }
        foreach (var (group, items) in root.Get("dependency-groups")?.Members ?? [])
        {
            list.AddPep508Array(items, development: true, "dependency-groups." + group);
        }
        var tool = root.Get("tool");
        if (tool?.Get("poetry") is { } poetry)
        {
            PoetryDependencies.Read(poetry, list);
        }
        foreach (var index in tool?.Get("uv")?.Get("index")?.Items ?? [])
        {
            if (index.Get("url") is { String: { } url } urlNode)
            {
                list.Indexes.Add(new PackageIndex(url, index.Get("default")?.IsTrue != true, file, urlNode.Line, urlNode.Column));
            }
        }
        if (projectName is not null)
        {
            // "myproject[test]" in an optional group refers to the project itself, not to a dependency.
            var self = Ecosystems.NormalizeName(Ecosystems.PyPI, projectName);
            list.Packages.RemoveAll(p => string.Equals(Ecosystems.NormalizeName(Ecosystems.PyPI, p.Name), self, StringComparison.Ordinal));
        }
        return list.ToResult(isLockfile: false);
    }
}
