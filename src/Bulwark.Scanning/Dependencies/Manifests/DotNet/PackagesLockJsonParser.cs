using System.Text.Json;
using Bulwark.Scanning.Dependencies.Manifests.JavaScript;

namespace Bulwark.Scanning.Dependencies.Manifests.DotNet;

/// <summary>
/// NuGet's <c>packages.lock.json</c>: per target framework (and runtime), every package with its
/// <c>type</c> (Direct, Transitive, CentralTransitive; Project entries are the solution's own projects and are
/// skipped), <c>resolved</c> version and <c>contentHash</c>. A package locked for several frameworks at one
/// version is reported once, at its first occurrence.
/// </summary>
internal sealed class PackagesLockJsonParser : IManifestParser
{
    public string Format => "packages.lock.json";

    public bool Matches(string fileName) => fileName.Equals("packages.lock.json", StringComparison.OrdinalIgnoreCase);

    public ManifestParseResult Parse(ManifestInput input, CancellationToken cancellationToken)
    {
        var file = input.RelativePath.Replace('\\', '/');
        var json = JsonManifest.Parse(input.ReadText(), file, input.Limits.MaxJsonDepth);
        var packages = new List<DeclaredPackage>();
        var errors = new List<ManifestError>();
        if (json.Root is null)
        {
            errors.Add(json.Error!);
        }
        else if (json.Root.Get("dependencies") is { IsObject: true } frameworks)
        {
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var framework in frameworks.Members)
            {
                foreach (var member in framework.Value.Members)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    if (Read(file, json, member, errors) is { } package && seen.Add(package.Name + "/" + package.Version))
                    {
                        packages.Add(package);
                    }
                }
            }
        }
        return new ManifestParseResult { File = file, IsLockfile = true, Packages = packages, Errors = errors };
    }

    private static DeclaredPackage? Read(string file, JsonManifest json, PositionedJsonMember member, List<ManifestError> errors)
    {
        var entry = member.Value;
        if (!entry.IsObject)
        {
            errors.Add(json.ErrorAt(file, entry.Offset, $"'{member.Name}' is not an object"));
            return null;
        }
        var type = entry.GetString("type");
        if (string.Equals(type, "Project", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
        if (entry.Get("resolved") is not { Kind: JsonTokenType.String, Text: { Length: > 0 } version } resolved)
        {
            errors.Add(json.ErrorAt(file, member.NameOffset, $"'{member.Name}' has no resolved version"));
            return null;
        }
        var (line, column) = json.Lines.Position(resolved.Offset);
        return new DeclaredPackage
        {
            Ecosystem = Ecosystems.NuGet,
            Name = member.Name,
            Version = version,
            Requirement = entry.GetString("requested"),
            File = file,
            Line = line,
            Column = column,
            Scope = type switch
            {
                "Direct" => DependencyScope.Direct,
                "Transitive" or "CentralTransitive" => DependencyScope.Transitive,
                _ => DependencyScope.Unknown,
            },
            HashCount = entry.GetString("contentHash") is { Length: > 0 } ? 1 : 0,
        };
    }
}
