using System.Runtime.CompilerServices;
using Bulwark.Scanning.Dependencies.Versions;

namespace Bulwark.Scanning.Dependencies.Advisories;

/// <summary>
/// Decides whether a version is affected by one OSV <c>affected[]</c> entry, following the evaluation pseudocode
/// of the OSV schema (https://ossf.github.io/osv-schema/#evaluation): a version is affected when it lies in any
/// ECOSYSTEM or SEMVER range or equals a listed version. GIT ranges are ignored: a commit range cannot match a
/// registry version. Withdrawn advisories are the caller's business.
/// </summary>
internal static partial class AffectedRangeEvaluator
{
    /// <summary>Each entry is compiled (versions parsed, events sorted) once, however many versions are checked.</summary>
    private static readonly ConditionalWeakTable<AffectedPackage, CompiledPackage> Compiled = new();

    /// <summary>Parses <paramref name="installedVersion"/> with the entry's ecosystem scheme, then decides.</summary>
    public static AffectedDecision Evaluate(AffectedPackage affected, string installedVersion)
    {
        var compiled = Compile(affected);
        if (compiled.Scheme is null)
        {
            return UnknownScheme(compiled, affected, installedVersion);
        }
        if (!compiled.Scheme.TryParse(installedVersion, out var installed))
        {
            return ListedVerbatim(compiled, installedVersion)
                ? AffectedDecision.Affected
                : AffectedDecision.Unknown($"installed version '{installedVersion}' is not a valid {compiled.Scheme.Name} version");
        }
        return Evaluate(compiled, installed);
    }

    /// <summary>Decides for an already parsed version, which should come from the entry's ecosystem scheme.</summary>
    public static AffectedDecision Evaluate(AffectedPackage affected, PackageVersion installed)
    {
        var compiled = Compile(affected);
        return compiled.Scheme is null ? UnknownScheme(compiled, affected, installed.Text) : Evaluate(compiled, installed);
    }

    /// <summary>
    /// The <c>fixed</c> versions of the entry's ECOSYSTEM and SEMVER ranges, parsed with the ecosystem's scheme,
    /// ascending and without duplicates; the candidates for a minimal fixing upgrade.
    /// </summary>
    public static IReadOnlyList<PackageVersion> FixedVersions(AffectedPackage affected) => Compile(affected).FixedVersions;

    private static AffectedDecision Evaluate(CompiledPackage compiled, PackageVersion installed)
    {
        foreach (var range in compiled.Ranges)
        {
            var version = range.Coerce(installed);
            if (version is null)
            {
                continue;
            }
            if (range.Includes(version))
            {
                return AffectedDecision.Affected;
            }
        }
        if (compiled.Versions.Contains(installed))
        {
            return AffectedDecision.Affected;
        }
        var problems = compiled.Problems;
        foreach (var range in compiled.Ranges)
        {
            if (range.Coerce(installed) is null)
            {
                problems = [.. problems, $"installed version '{installed.Text}' is not a valid {range.Scheme.Name} version"];
            }
        }
        return problems.Count == 0 ? AffectedDecision.NotAffected : AffectedDecision.Unknown(string.Join("; ", problems));
    }

    private static AffectedDecision UnknownScheme(CompiledPackage compiled, AffectedPackage affected, string installedVersion) =>
        ListedVerbatim(compiled, installedVersion)
            ? AffectedDecision.Affected
            : AffectedDecision.Unknown($"no version scheme for ecosystem '{affected.Ecosystem}'");

    private static bool ListedVerbatim(CompiledPackage compiled, string installedVersion) =>
        compiled.Versions.ContainsVerbatim(installedVersion);

    private static CompiledPackage Compile(AffectedPackage affected) =>
        Compiled.GetValue(affected, static entry => CompiledPackage.From(entry));
}
