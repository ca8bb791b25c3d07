namespace Bulwark.Scanning.Dependencies.Manifests.Python;

/// <summary>
/// <c>Pipfile.lock</c> (JSON): packages of <c>default</c> and <c>develop</c> (development-only) with their
/// <c>"==X"</c> version, hashes, markers, extras and git/path/file sources; <c>_meta.sources</c> become indexes
/// (the first is the primary one).
/// </summary>
internal sealed class PipfileLockParser : IManifestParser
{
    public string Format => "Pipfile.lock";

    public bool Matches(string fileName) => string.Equals(fileName, "Pipfile.lock", StringComparison.Ordinal);

    public ManifestParseResult Parse(ManifestInput input, CancellationToken cancellationToken)
    {
        var file = input.RelativePath.Replace('\\', '/');
        var root = PositionedJson.Parse(input.ReadText(), file, out var error);
        if (root is null)
        {
            return PythonPackageList.Failed(file, error ?? new ManifestError(file, 1, 1, "empty JSON document")) with { IsLockfile = true };
        }
        var list = new PythonPackageList(file);
        var sources = root.Get("_meta")?.Get("sources")?.Items ?? [];
        for (var i = 0; i < sources.Count; i++)
        {
            if (sources[i].Get("url") is { String: { } url } urlNode)
            {
                list.Indexes.Add(new PackageIndex(url, i > 0, file, urlNode.Line, urlNode.Column));
            }
        }
        Read(root.Get("default"), development: false, list, cancellationToken);
        Read(root.Get("develop"), development: true, list, cancellationToken);
        return list.ToResult(isLockfile: true);
    }

    private static void Read(PositionedNode? section, bool development, PythonPackageList list, CancellationToken cancellationToken)
    {
        foreach (var (name, entry) in section?.Members ?? [])
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (entry.Kind != PositionedNodeKind.Table)
            {
                list.Error(entry, $"package '{name}' must be an object");
                continue;
            }
            var version = entry.Get("version");
            var requirement = version?.String;
            if (requirement is not null && Pep508Parser.CheckSpecifier(requirement) is { } problem)
            {
                list.Error(version!, $"package '{name}': {problem}");
            }
            var (source, url) = entry.GetString("git") is { } git ? (PackageSource.Vcs, git)
                : entry.GetString("file") is { } archive ? (PackageSource.Url, archive)
                : entry.GetString("path") is { } path ? (PackageSource.Path, path)
                : (PackageSource.Registry, null);
            list.Packages.Add(new DeclaredPackage
            {
                Ecosystem = Ecosystems.PyPI,
                Name = name,
                Version = Pep508Requirement.PinOf(requirement),
                Requirement = requirement,
                File = list.File,
                Line = (version ?? entry).Line,
                Column = (version ?? entry).Column,
                IsDevelopment = development,
                Source = source,
                SourceUrl = url,
                HashCount = entry.Get("hashes")?.Items.Count ?? 0,
                Extras = [.. (entry.Get("extras")?.Items ?? []).Select(e => e.String).OfType<string>()],
                Marker = entry.GetString("markers"),
            });
        }
    }
}
