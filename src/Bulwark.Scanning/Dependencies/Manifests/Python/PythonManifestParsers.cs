namespace Bulwark.Scanning.Dependencies.Manifests.Python;

/// <summary>The manifest and lockfile parsers of the Python ecosystem (PyPI and conda).</summary>
internal static class PythonManifestParsers
{
    public static IReadOnlyList<IManifestParser> All { get; } =
    [
        new RequirementsFileParser(),
        new PyprojectParser(),
        new PoetryLockParser(),
        new UvLockParser(),
        new PdmLockParser(),
        new PipfileLockParser(),
        new CondaEnvironmentParser(),
    ];
}
