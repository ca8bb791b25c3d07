namespace Bulwark.Scanning.Dependencies;

/// <summary>
/// The package ecosystems Bulwark audits, spelled exactly as OSV's <c>affected[].package.ecosystem</c>, and how
/// each compares package names (OSV stores names in the registry's canonical form).
/// </summary>
internal static class Ecosystems
{
    public const string PyPI = "PyPI";
    public const string Npm = "npm";
    public const string NuGet = "NuGet";
    public const string Go = "Go";
    public const string CratesIo = "crates.io";
    public const string Maven = "Maven";

    /// <summary>Actions referenced by workflows' <c>uses: owner/repo@ref</c>; audited by <c>bulwark pipeline audit</c>.</summary>
    public const string GitHubActions = "GitHub Actions";

    /// <summary>
    /// Conda packages. OSV has no conda ecosystem; the audit checks a conda package against the PyPI advisories
    /// of the Python distribution of the same name, since both ship the same library code.
    /// </summary>
    public const string Conda = "conda";

    public static IReadOnlyList<string> All { get; } = [PyPI, Npm, NuGet, Go, CratesIo, Maven, GitHubActions];

    /// <summary>Returns OSV's spelling for <paramref name="name"/> (case-insensitive), or null if unknown.</summary>
    public static string? Canonical(string name) =>
        All.FirstOrDefault(e => string.Equals(e, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// The key two spellings of one package name share: PEP 503 normalisation for PyPI (case-folded, runs of
    /// <c>-_.</c> become one <c>-</c>), case-folding for NuGet and GitHub Actions (names are case-insensitive), the name as is
    /// elsewhere (npm, Go, crates.io and Maven names are matched exactly by OSV).
    /// </summary>
    public static string NormalizeName(string ecosystem, string name) => ecosystem switch
    {
        PyPI => NormalizePythonName(name),
        NuGet or GitHubActions => name.ToLowerInvariant(),
        _ => name,
    };

    private static string NormalizePythonName(string name)
    {
        var builder = new System.Text.StringBuilder(name.Length);
        var pendingSeparator = false;
        foreach (var c in name.Trim())
        {
            if (c is '-' or '_' or '.')
            {
                pendingSeparator = builder.Length > 0;
                continue;
            }
            if (pendingSeparator)
            {
                builder.Append('-');
                pendingSeparator = false;
            }
            builder.Append(char.ToLowerInvariant(c));
        }
        return builder.ToString();
    }
}
