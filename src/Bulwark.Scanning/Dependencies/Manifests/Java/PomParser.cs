using System.Xml;
using Bulwark.Scanning.Dependencies.Manifests.DotNet;

namespace Bulwark.Scanning.Dependencies.Manifests.Java;

/// <summary>
/// Maven's <c>pom.xml</c>: each <c>project/dependencies/dependency</c> as <c>groupId:artifactId</c> (OSV's
/// Maven names). <c>${…}</c> references are expanded from the POM's properties and coordinates; a dependency
/// without a version takes the one its <c>dependencyManagement</c> gives (reported where that pins it).
/// Ranges and versions that cannot be resolved here (parent or imported BOMs) are kept as requirements
/// without a version. <c>test</c> scope is development-only.
/// </summary>
internal sealed class PomParser : IManifestParser
{
    public string Format => "pom.xml";

    public bool Matches(string fileName) => fileName.Equals("pom.xml", StringComparison.Ordinal);

    public ManifestParseResult Parse(ManifestInput input, CancellationToken cancellationToken)
    {
        var file = input.RelativePath.Replace('\\', '/');
        var errors = new List<ManifestError>();
        PomReader pom;
        using (var reader = XmlManifestReader.Create(input.ReadText()))
        {
            pom = new PomReader(reader);
            try
            {
                pom.Read(cancellationToken);
            }
            catch (XmlException ex)
            {
                errors.Add(XmlManifestReader.Error(file, ex, reader));
            }
        }
        var managed = new Dictionary<string, PomDependency>(StringComparer.Ordinal);
        foreach (var entry in pom.Managed)
        {
            managed.TryAdd(NameOf(entry, pom.Properties), entry);
        }
        var packages = new List<DeclaredPackage>();
        foreach (var dependency in pom.Dependencies)
        {
            if (string.IsNullOrEmpty(dependency.GroupId) || string.IsNullOrEmpty(dependency.ArtifactId))
            {
                errors.Add(new ManifestError(file, dependency.Line, dependency.Column, "dependency without groupId or artifactId"));
                continue;
            }
            var name = NameOf(dependency, pom.Properties);
            var pin = dependency.Version ?? (managed.TryGetValue(name, out var entry) ? entry.Version : null);
            var expanded = pin is { } version ? PropertyReferences.Expand(version.Text, pom.Properties, "${", '}') : null;
            packages.Add(new DeclaredPackage
            {
                Ecosystem = Ecosystems.Maven,
                Name = name,
                Version = expanded is null ? null : PinnedVersion(expanded),
                Requirement = expanded ?? pin?.Text,
                File = file,
                Line = pin?.Line ?? dependency.Line,
                Column = pin?.Column ?? dependency.Column,
                Scope = DependencyScope.Direct,
                IsDevelopment = string.Equals(dependency.Scope, "test", StringComparison.Ordinal),
            });
        }
        return new ManifestParseResult { File = file, IsLockfile = false, Packages = packages, Errors = errors };
    }

    private static string NameOf(PomDependency dependency, Dictionary<string, string> properties)
    {
        var group = dependency.GroupId ?? "";
        var artifact = dependency.ArtifactId ?? "";
        return (PropertyReferences.Expand(group, properties, "${", '}') ?? group) + ":" +
            (PropertyReferences.Expand(artifact, properties, "${", '}') ?? artifact);
    }

    /// <summary><c>1.2.3</c> and <c>[1.2.3]</c> pin; other bracketed forms are ranges.</summary>
    private static string? PinnedVersion(string text)
    {
        if (text.Length == 0)
        {
            return null;
        }
        if (text[0] is '[' or '(')
        {
            return text.Length > 2 && text[0] == '[' && text[^1] == ']' && !text.Contains(',', StringComparison.Ordinal) ? text[1..^1].Trim() : null;
        }
        return text;
    }
}
