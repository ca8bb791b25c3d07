namespace Bulwark.Scanning.Dependencies.Manifests.Python;

/// <summary>
/// The dependency edges of a uv.lock, by PEP 503 name: which packages the projects ask for directly, and which
/// are reachable from their non-dev dependencies. The walk is iterative and visits each name once.
/// </summary>
internal sealed class UvDependencyGraph
{
    private UvDependencyGraph()
    {
    }

    public bool HasProject { get; private set; }

    public HashSet<string> Direct { get; } = new(StringComparer.Ordinal);

    /// <summary>Packages reachable from some project's dependencies or optional dependencies.</summary>
    public HashSet<string> Production { get; } = new(StringComparer.Ordinal);

    /// <summary>True for the packages uv writes for the projects themselves rather than for dependencies.</summary>
    public static bool IsProject(PositionedNode? source) => source?.Get("editable") is not null || source?.Get("virtual") is not null;

    public static UvDependencyGraph Build(IReadOnlyList<PositionedNode> packages)
    {
        var graph = new UvDependencyGraph();
        var edges = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var pending = new Stack<string>();
        foreach (var package in packages)
        {
            if (package.GetString("name") is not { } name)
            {
                continue;
            }
            var normalized = Ecosystems.NormalizeName(Ecosystems.PyPI, name);
            var targets = edges.TryGetValue(normalized, out var existing) ? existing : edges[normalized] = [];
            AddNames(package.Get("dependencies"), targets);
            foreach (var (_, extra) in package.Get("optional-dependencies")?.Members ?? [])
            {
                AddNames(extra, targets);
            }
            if (!IsProject(package.Get("source")))
            {
                continue;
            }
            graph.HasProject = true;
            var production = new List<string>();
            AddNames(package.Get("dependencies"), production);
            foreach (var (_, extra) in package.Get("optional-dependencies")?.Members ?? [])
            {
                AddNames(extra, production);
            }
            var development = new List<string>();
            foreach (var (_, group) in package.Get("dev-dependencies")?.Members ?? [])
            {
                AddNames(group, development);
            }
            graph.Direct.UnionWith(production);
            graph.Direct.UnionWith(development);
            production.ForEach(pending.Push);
        }
        while (pending.Count > 0)
        {
            var name = pending.Pop();
            if (graph.Production.Add(name) && edges.TryGetValue(name, out var next))
            {
                next.ForEach(pending.Push);
            }
        }
        return graph;
    }

    private static void AddNames(PositionedNode? dependencies, List<string> names)
    {
        foreach (var dependency in dependencies?.Items ?? [])
        {
            if (dependency.GetString("name") is { } name)
            {
                names.Add(Ecosystems.NormalizeName(Ecosystems.PyPI, name));
            }
        }
    }
}
