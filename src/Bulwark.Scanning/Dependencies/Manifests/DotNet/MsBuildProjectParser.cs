using System.Xml;

namespace Bulwark.Scanning.Dependencies.Manifests.DotNet;

/// <summary>
/// MSBuild project files (<c>*.csproj</c>, <c>*.fsproj</c>, <c>*.vbproj</c>) and central package management's
/// <c>Directory.Packages.props</c>: <c>PackageReference</c>, <c>PackageVersion</c> and
/// <c>GlobalPackageReference</c> items with a <c>Version</c> or <c>VersionOverride</c> (attribute or child
/// element). <c>$(Property)</c> versions are expanded from the same file's property groups. Items without a
/// version take it from <c>Directory.Packages.props</c>, which is parsed on its own, and are not reported here.
/// </summary>
internal sealed class MsBuildProjectParser : IManifestParser
{
    private static readonly string[] ProjectExtensions = [".csproj", ".fsproj", ".vbproj"];

    public string Format => "MSBuild project";

    public bool Matches(string fileName) =>
        fileName.Equals("Directory.Packages.props", StringComparison.OrdinalIgnoreCase) ||
        Array.Exists(ProjectExtensions, e => fileName.EndsWith(e, StringComparison.OrdinalIgnoreCase));

    public ManifestParseResult Parse(ManifestInput input, CancellationToken cancellationToken)
    {
        var file = input.RelativePath.Replace('\\', '/');
        var lines = new TextLineIndex(input.ReadText());
        var errors = new List<ManifestError>();
        var items = new List<MsBuildPackageReference>();
        var properties = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        using (var reader = XmlManifestReader.Create(lines.Text))
        {
            try
            {
                new MsBuildProjectReader(reader, lines, items, properties).Read(cancellationToken);
            }
            catch (XmlException ex)
            {
                errors.Add(XmlManifestReader.Error(file, ex, reader));
            }
        }
        var packages = new List<DeclaredPackage>();
        foreach (var item in items)
        {
            if ((item.VersionOverride ?? item.Version) is not var (raw, line, column))
            {
                continue;
            }
            var expanded = PropertyReferences.Expand(raw, properties);
            if (expanded is not null && !NuGetVersionText.IsVersionOrRange(expanded))
            {
                errors.Add(new ManifestError(file, line, column, $"'{expanded}' is not a NuGet version or range"));
            }
            packages.Add(new DeclaredPackage
            {
                Ecosystem = Ecosystems.NuGet,
                Name = item.Name,
                Version = expanded is null ? null : NuGetVersionText.Pinned(expanded),
                Requirement = expanded ?? raw,
                File = file,
                Line = line,
                Column = column,
                Scope = DependencyScope.Direct,
            });
        }
        return new ManifestParseResult { File = file, IsLockfile = false, Packages = packages, Errors = errors };
    }
}
