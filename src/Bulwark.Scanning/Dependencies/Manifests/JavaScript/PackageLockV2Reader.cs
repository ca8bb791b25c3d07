namespace Bulwark.Scanning.Dependencies.Manifests.JavaScript;

/// <summary>
/// The <c>packages</c> map of package-lock versions 2 and 3. Keys are install paths; a package is direct when
/// its parent folder is the root or a workspace whose entry lists it among its dependencies.
/// </summary>
internal sealed class PackageLockV2Reader(string file, JsonManifest json, List<DeclaredPackage> packages, List<ManifestError> errors)
{
    private const string NodeModules = "node_modules/";

    public void Read(PositionedJson map, CancellationToken cancellationToken)
    {
        var entries = new Dictionary<string, PositionedJson>(StringComparer.Ordinal);
        foreach (var member in map.Members)
        {
            entries.TryAdd(member.Name, member.Value);
        }
        var parentDependencies = new Dictionary<string, NpmManifestDependencies>(StringComparer.Ordinal);
        foreach (var member in map.Members)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var at = member.Name.LastIndexOf(NodeModules, StringComparison.Ordinal);
            // The root ("") and workspace folders are the project itself, not packages.
            if (at < 0)
            {
                continue;
            }
            var entry = member.Value;
            if (!entry.IsObject)
            {
                errors.Add(json.ErrorAt(file, entry.Offset, $"entry '{member.Name}' is not an object"));
                continue;
            }
            if (entry.IsTrue("link"))
            {
                continue;
            }
            if (entry.Get("version") is not { Kind: System.Text.Json.JsonTokenType.String } version)
            {
                errors.Add(json.ErrorAt(file, member.NameOffset, $"entry '{member.Name}' has no version"));
                continue;
            }
            var folderName = member.Name[(at + NodeModules.Length)..];
            var parentPath = member.Name[..at].TrimEnd('/');
            var (line, column) = json.Lines.Position(version.Offset);
            var resolved = entry.GetString("resolved");
            var source = resolved is null ? PackageSource.Registry : NpmSource.Classify(resolved, urlsAreRegistry: true);
            packages.Add(new DeclaredPackage
            {
                Ecosystem = Ecosystems.Npm,
                Name = entry.GetString("name") ?? folderName,
                Version = version.Text,
                File = file,
                Line = line,
                Column = column,
                Scope = ScopeOf(parentPath, folderName, entries, parentDependencies),
                IsDevelopment = entry.IsTrue("dev") || entry.IsTrue("devOptional"),
                Source = source,
                SourceUrl = source == PackageSource.Registry ? null : resolved,
                HashCount = entry.GetString("integrity") is { Length: > 0 } ? 1 : 0,
            });
        }
    }

    private static DependencyScope ScopeOf(
        string parentPath,
        string folderName,
        Dictionary<string, PositionedJson> entries,
        Dictionary<string, NpmManifestDependencies> parentDependencies)
    {
        if (parentPath.Contains(NodeModules, StringComparison.Ordinal))
        {
            return DependencyScope.Transitive;
        }
        if (!parentDependencies.TryGetValue(parentPath, out var declared))
        {
            if (!entries.TryGetValue(parentPath, out var parent) || !parent.IsObject)
            {
                return DependencyScope.Unknown;
            }
            declared = NpmManifestDependencies.FromObject(parent);
            parentDependencies[parentPath] = declared;
        }
        // The folder name is what the manifest lists, also for aliases ("foo": "npm:bar@1").
        return declared.Contains(folderName) ? DependencyScope.Direct : DependencyScope.Transitive;
    }
}
