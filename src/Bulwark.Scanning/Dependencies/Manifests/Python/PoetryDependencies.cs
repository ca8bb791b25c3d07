namespace Bulwark.Scanning.Dependencies.Manifests.Python;

/// <summary>
/// Reads Poetry's dependency tables (<c>[tool.poetry.dependencies]</c>, groups, legacy dev-dependencies) and
/// <c>[[tool.poetry.source]]</c>. Values are a constraint string (<c>"^1.2"</c>), a table
/// (<c>{version, extras, optional, git, path, url, markers}</c>) or an array of such tables.
/// </summary>
internal static class PoetryDependencies
{
    public static void Read(PositionedNode poetry, PythonPackageList list)
    {
        ReadTable(poetry.Get("dependencies"), development: false, list);
        ReadTable(poetry.Get("dev-dependencies"), development: true, list);
        foreach (var (name, group) in poetry.Get("group")?.Members ?? [])
        {
            ReadTable(group.Get("dependencies"), development: !string.Equals(name, "main", StringComparison.Ordinal), list);
        }
        foreach (var source in poetry.Get("source")?.Items ?? [])
        {
            if (source.Get("url") is { String: { } url } urlNode)
            {
                var priority = source.GetString("priority");
                var extra = priority is "supplemental" or "explicit" or "secondary" || source.Get("secondary")?.IsTrue == true;
                list.Indexes.Add(new PackageIndex(url, extra, list.File, urlNode.Line, urlNode.Column));
            }
        }
    }

    private static void ReadTable(PositionedNode? table, bool development, PythonPackageList list)
    {
        foreach (var (name, value) in table?.Members ?? [])
        {
            if (string.Equals(name, "python", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }
            if (value.Kind == PositionedNodeKind.Array)
            {
                foreach (var item in value.Items)
                {
                    Add(name, item, development, list);
                }
            }
            else
            {
                Add(name, value, development, list);
            }
        }
    }

    private static void Add(string name, PositionedNode value, bool development, PythonPackageList list)
    {
        string? constraint;
        var source = PackageSource.Registry;
        string? sourceUrl = null;
        IReadOnlyList<string> extras = [];
        string? marker = null;
        if (value.Kind == PositionedNodeKind.String)
        {
            constraint = value.String;
        }
        else if (value.Kind == PositionedNodeKind.Table)
        {
            constraint = value.GetString("version");
            marker = value.GetString("markers");
            extras = [.. (value.Get("extras")?.Items ?? []).Select(e => e.String).OfType<string>()];
            (source, sourceUrl) = value.GetString("git") is { } git ? (PackageSource.Vcs, git)
                : value.GetString("path") is { } path ? (PackageSource.Path, path)
                : value.GetString("url") is { } url ? (PackageSource.Url, url)
                : (PackageSource.Registry, null);
        }
        else
        {
            list.Error(value, $"dependency '{name}' must be a version string or a table");
            return;
        }
        list.Packages.Add(new DeclaredPackage
        {
            Ecosystem = Ecosystems.PyPI,
            Name = name,
            Version = PinOf(constraint),
            Requirement = constraint,
            File = list.File,
            Line = value.Line,
            Column = value.Column,
            Scope = DependencyScope.Direct,
            IsDevelopment = development,
            Source = source,
            SourceUrl = sourceUrl,
            Extras = extras,
            Marker = marker,
        });
    }

    /// <summary>Poetry reads a bare version (<c>"1.2.3"</c>) as exactly that version, like <c>"==1.2.3"</c>.</summary>
    private static string? PinOf(string? constraint)
    {
        if (constraint is null)
        {
            return null;
        }
        var text = constraint.Trim();
        if (text.Length > 0 && char.IsAsciiDigit(text[0]) && text.IndexOfAny(['*', ',', ' ', '<', '>', '|']) < 0)
        {
            return text;
        }
        return Pep508Requirement.PinOf(text);
    }
}
