using Bulwark.Core.Findings;
using Bulwark.Scanning.Dependencies.Manifests;

namespace Bulwark.Scanning.Dependencies.Hygiene;

/// <summary>
/// Supply-chain hygiene of the manifests themselves: typosquats, extra indexes, plain-HTTP sources, unpinned
/// application requirements, partial hash pinning and unpinned VCS references.
/// </summary>
internal static class HygieneChecker
{
    public static IEnumerable<Finding> Check(IReadOnlyList<ManifestParseResult> manifests, TyposquatDetector typosquats)
    {
        var locked = new LockedPackages(manifests);
        foreach (var manifest in manifests)
        {
            foreach (var index in manifest.Indexes)
            {
                if (IsPlainHttp(index.Url))
                {
                    yield return Create(HygieneRules.InsecureSource, index.File, index.Line, index.Column, index.Url,
                        $"Package index {index.Url} is reached over plain HTTP.");
                }
                if (index.IsExtra)
                {
                    yield return Create(HygieneRules.ExtraIndexUrl, index.File, index.Line, index.Column, index.Url,
                        $"Extra package index {index.Url}: a package name that exists on both indexes is taken from whichever has the higher version.");
                }
            }
            foreach (var finding in CheckPackages(manifest, locked, typosquats))
            {
                yield return finding;
            }
        }
    }

    private static IEnumerable<Finding> CheckPackages(ManifestParseResult manifest, LockedPackages locked, TyposquatDetector typosquats)
    {
        var hashedFiles = manifest.Packages.Where(p => p.HashCount > 0).Select(p => p.File).ToHashSet(StringComparer.Ordinal);
        var reportedNames = new HashSet<string>(StringComparer.Ordinal);
        foreach (var package in manifest.Packages)
        {
            var normalized = Ecosystems.NormalizeName(package.Ecosystem, package.Name);
            var first = reportedNames.Add(package.Ecosystem + "\n" + normalized);
            if (first && package.Source == PackageSource.Registry && typosquats.Imitates(package.Ecosystem, package.Name) is { } popular)
            {
                yield return Create(HygieneRules.Typosquat, package, package.Name,
                    $"'{package.Name}' is one typo away from the popular package '{popular}'.");
            }
            if (package.SourceUrl is { } url && package.Source is PackageSource.Url or PackageSource.Vcs && IsPlainHttp(url))
            {
                yield return Create(HygieneRules.InsecureSource, package, url, $"{package.Name} is downloaded over plain HTTP from {url}.");
            }
            if (package.Source == PackageSource.Vcs && !PinsCommit(package.SourceUrl))
            {
                yield return Create(HygieneRules.VcsUnpinned, package, package.SourceUrl ?? package.Name,
                    $"{package.Name} comes from a repository reference that is not a commit hash.");
            }
            else if (package.Source == PackageSource.Url && !manifest.IsLockfile)
            {
                yield return Create(HygieneRules.DirectUrl, package, package.SourceUrl ?? package.Name, $"{package.Name} is installed from {package.SourceUrl}.");
            }
            if (package.Source != PackageSource.Registry || manifest.IsLockfile)
            {
                continue;
            }
            if (package.HashCount == 0 && !package.IsConstraint && hashedFiles.Contains(package.File))
            {
                yield return Create(HygieneRules.MissingHash, package, package.Name,
                    $"{package.Name} has no --hash although other requirements of {package.File} do.");
            }
            if (package.Version is null && !package.IsConstraint && IsApplicationRequirementsFile(package.File)
                && !locked.Cover(package))
            {
                var requirement = package.Requirement is { Length: > 0 } r ? $"'{r}'" : "any version";
                yield return Create(HygieneRules.Unpinned, package, $"{package.Name}{package.Requirement}",
                    $"{package.Name} allows {requirement}; the version installed changes over time.");
            }
        }
    }

    /// <summary>Requirements-style files list what an application installs; pyproject/package.json ranges are for libraries and lockfiles.</summary>
    private static bool IsApplicationRequirementsFile(string file)
    {
        var name = Path.GetFileName(file);
        return name.EndsWith(".txt", StringComparison.OrdinalIgnoreCase)
            || name.Equals("environment.yml", StringComparison.OrdinalIgnoreCase)
            || name.Equals("environment.yaml", StringComparison.OrdinalIgnoreCase);
    }

    private static bool IsPlainHttp(string url) =>
        Uri.TryCreate(url.StartsWith("git+", StringComparison.Ordinal) ? url[4..] : url, UriKind.Absolute, out var uri)
        && uri.Scheme == Uri.UriSchemeHttp
        && !uri.IsLoopback;

    /// <summary>A VCS URL pins a commit when its <c>@ref</c> (or <c>#commit</c>) is a full SHA-1 or SHA-256 hex digest.</summary>
    internal static bool PinsCommit(string? url)
    {
        if (url is null)
        {
            return false;
        }
        var withoutFragment = url.Split('#', 2)[0];
        var path = withoutFragment.Contains("://", StringComparison.Ordinal) ? withoutFragment[(withoutFragment.IndexOf("://", StringComparison.Ordinal) + 3)..] : withoutFragment;
        var at = path.LastIndexOf('@');
        var reference = at >= 0 && path.IndexOf('/', at) < 0 ? path[(at + 1)..] : url.Contains('#') ? url.Split('#', 2)[1] : "";
        return reference.Length is 40 or 64 && reference.All(char.IsAsciiHexDigit);
    }

    private static Finding Create(RuleDescriptor rule, DeclaredPackage package, string evidence, string message) =>
        Create(rule, package.File, package.Line, package.Column, evidence, message, package.Ecosystem, package.Name);

    private static Finding Create(RuleDescriptor rule, string file, int line, int column, string evidence, string message, string? ecosystem = null, string? name = null)
    {
        var properties = new Dictionary<string, string>(StringComparer.Ordinal);
        if (name is not null)
        {
            properties["package"] = name;
            properties["ecosystem"] = ecosystem!;
        }
        return new Finding(rule.Id, rule.Title, rule.Severity, new Location(file, line, column, line, column), message,
            Fingerprint.Create("deps", rule.Id, file, name ?? evidence), evidence)
        {
            Properties = properties,
        };
    }
}
