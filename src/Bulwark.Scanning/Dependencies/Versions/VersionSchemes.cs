namespace Bulwark.Scanning.Dependencies.Versions;

/// <summary>The version scheme of each ecosystem Bulwark audits.</summary>
internal static class VersionSchemes
{
    public static IVersionScheme Pep440 { get; } = new Pep440Scheme();

    public static IVersionScheme SemVer { get; } = new SemVerScheme();

    public static IVersionScheme Go { get; } = new GoVersionScheme();

    public static IVersionScheme NuGet { get; } = new NuGetVersionScheme();

    public static IVersionScheme Maven { get; } = new MavenVersionScheme();

    /// <summary>
    /// The scheme for <paramref name="ecosystem"/> (OSV spelling, see <see cref="Ecosystems"/>), or null when
    /// Bulwark does not know the ecosystem. Conda maps to PEP 440: conda packages are audited against PyPI.
    /// </summary>
    public static IVersionScheme? ForEcosystem(string ecosystem) => ecosystem switch
    {
        Ecosystems.PyPI or Ecosystems.Conda => Pep440,
        Ecosystems.Npm or Ecosystems.CratesIo or Ecosystems.GitHubActions => SemVer,
        Ecosystems.Go => Go,
        Ecosystems.NuGet => NuGet,
        Ecosystems.Maven => Maven,
        _ => null,
    };
}
