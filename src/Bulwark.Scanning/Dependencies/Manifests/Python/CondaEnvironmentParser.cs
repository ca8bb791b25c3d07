namespace Bulwark.Scanning.Dependencies.Manifests.Python;

/// <summary>
/// conda <c>environment.yml</c>/<c>environment.yaml</c>: <c>channels</c> become indexes, <c>dependencies</c>
/// entries (<c>numpy=1.21.0</c>, <c>conda-forge::pytorch=2.0.1=py3.10_0</c>, <c>scipy&gt;=1.9</c>) conda
/// packages, and the <c>- pip:</c> list is read line by line as a requirements file relative to the yml.
/// </summary>
internal sealed class CondaEnvironmentParser : IManifestParser
{
    public string Format => "environment.yml";

    public bool Matches(string fileName) =>
        fileName.StartsWith("environment", StringComparison.Ordinal)
        && (fileName.EndsWith(".yml", StringComparison.Ordinal) || fileName.EndsWith(".yaml", StringComparison.Ordinal));

    public ManifestParseResult Parse(ManifestInput input, CancellationToken cancellationToken)
    {
        var file = input.RelativePath.Replace('\\', '/');
        var root = PositionedYaml.Parse(input.ReadText(), file, out var error);
        if (error is not null)
        {
            return PythonPackageList.Failed(file, error);
        }
        var list = new PythonPackageList(file);
        var pip = new RequirementsReader(input, cancellationToken);
        foreach (var channel in root?.Get("channels")?.Items ?? [])
        {
            if (channel.String is { } name)
            {
                // Conda channels are searched in priority order, not merged by highest version like pip's
                // extra indexes, and most are public (pytorch, nvidia, conda-forge): not extra indexes.
                list.Indexes.Add(new PackageIndex(name, false, file, channel.Line, channel.Column));
            }
        }
        foreach (var entry in root?.Get("dependencies")?.Items ?? [])
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (entry.Kind == PositionedNodeKind.Table)
            {
                foreach (var line in entry.Get("pip")?.Items ?? [])
                {
                    if (line.String is { } text)
                    {
                        pip.ReadLine(file, new RequirementLine(text, [new LineSegment(0, line.Line, line.Column)], null), constraint: false, depth: 0);
                    }
                }
            }
            else if (entry.String is { } spec)
            {
                AddCondaPackage(spec, entry, list);
            }
        }
        return new ManifestParseResult
        {
            File = file,
            IsLockfile = false,
            Packages = [.. list.Packages, .. pip.Packages],
            Indexes = [.. list.Indexes, .. pip.Indexes],
            IncludedFiles = pip.IncludedFiles,
            Errors = [.. list.Errors, .. pip.Errors],
        };
    }

    private static void AddCondaPackage(string spec, PositionedNode at, PythonPackageList list)
    {
        var parsed = CondaSpec.Parse(spec);
        if (parsed is null)
        {
            list.Error(at, $"invalid conda package spec '{spec}'");
            return;
        }
        if (string.Equals(parsed.Name, "python", StringComparison.OrdinalIgnoreCase))
        {
            return;
        }
        list.Packages.Add(new DeclaredPackage
        {
            Ecosystem = Ecosystems.Conda,
            Name = parsed.Name,
            Version = parsed.Version,
            Requirement = parsed.Requirement,
            File = list.File,
            Line = at.Line,
            Column = at.Column + parsed.NameOffset,
            Scope = DependencyScope.Direct,
        });
    }
}
