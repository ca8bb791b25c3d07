namespace Bulwark.Scanning.Dependencies.Manifests.JavaScript;

/// <summary>
/// The names and ranges a package.json asks for directly, used by lockfile parsers to tell direct from
/// transitive packages. A name only in devDependencies is development-only.
/// </summary>
internal sealed class NpmManifestDependencies
{
    /// <summary>The package.json sections that declare dependencies, with whether each is development-only.</summary>
    public static readonly (string Section, bool IsDevelopment)[] Sections =
    [
        ("dependencies", false),
        ("devDependencies", true),
        ("optionalDependencies", false),
        ("peerDependencies", false),
    ];

    private readonly Dictionary<string, (string Range, bool DevelopmentOnly)> _byName = new(StringComparer.Ordinal);

    /// <summary>Reads the dependency sections of a package.json object (a manifest, or a lockfile's root entry).</summary>
    public static NpmManifestDependencies FromObject(PositionedJson manifest)
    {
        var result = new NpmManifestDependencies();
        foreach (var (section, isDevelopment) in Sections)
        {
            if (manifest.Get(section) is not { IsObject: true } entries)
            {
                continue;
            }
            foreach (var member in entries.Members)
            {
                var range = member.Value.Text ?? "";
                result._byName[member.Name] = result._byName.TryGetValue(member.Name, out var known)
                    ? (known.Range, known.DevelopmentOnly && isDevelopment)
                    : (range, isDevelopment);
            }
        }
        return result;
    }

    /// <summary>The package.json beside <paramref name="input"/>, or null when absent or unreadable.</summary>
    public static NpmManifestDependencies? ReadBeside(ManifestInput input)
    {
        var text = SiblingFile.TryRead(input, "package.json");
        if (text is null)
        {
            return null;
        }
        var manifest = JsonManifest.Parse(text, "package.json", input.Limits.MaxJsonDepth);
        return manifest.Root is { } root ? FromObject(root) : null;
    }

    public bool Contains(string name) => _byName.ContainsKey(name);

    public bool TryGet(string name, out string range, out bool developmentOnly)
    {
        var found = _byName.TryGetValue(name, out var entry);
        (range, developmentOnly) = entry;
        range ??= "";
        return found;
    }
}
