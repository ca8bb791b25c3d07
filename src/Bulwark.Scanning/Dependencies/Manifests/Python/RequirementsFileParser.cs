namespace Bulwark.Scanning.Dependencies.Manifests.Python;

/// <summary>
/// pip requirements and constraints files (<c>*requirements*.txt</c>, <c>constraints*.txt</c>), including the
/// files they pull in. pip-compile and <c>uv pip compile</c> output counts as a lockfile.
/// </summary>
internal sealed class RequirementsFileParser : IManifestParser
{
    public string Format => "requirements.txt";

    public bool Matches(string fileName) =>
        fileName.EndsWith(".txt", StringComparison.OrdinalIgnoreCase)
        && (fileName.Contains("requirements", StringComparison.OrdinalIgnoreCase)
            || fileName.StartsWith("constraints", StringComparison.OrdinalIgnoreCase));

    public ManifestParseResult Parse(ManifestInput input, CancellationToken cancellationToken)
    {
        var file = IncludePath.Resolve("", input.RelativePath, out _) ?? input.RelativePath.Replace('\\', '/');
        var reader = new RequirementsReader(input, cancellationToken);
        var isConstraints = Path.GetFileName(file).StartsWith("constraints", StringComparison.OrdinalIgnoreCase);
        reader.ReadFile(file, input.ReadText(), isConstraints, depth: 0);
        return new ManifestParseResult
        {
            File = file,
            IsLockfile = reader.IsCompiled,
            Packages = reader.Packages,
            Indexes = reader.Indexes,
            IncludedFiles = reader.IncludedFiles,
            Errors = reader.Errors,
        };
    }
}
