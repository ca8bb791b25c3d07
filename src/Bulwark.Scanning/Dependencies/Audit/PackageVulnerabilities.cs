using Bulwark.Scanning.Dependencies.Advisories;
using Bulwark.Scanning.Dependencies.Manifests;

namespace Bulwark.Scanning.Dependencies.Audit;

/// <summary>A declared package and every advisory that affects its version, with the smallest upgrade that fixes them all.</summary>
internal sealed record PackageVulnerabilities(DeclaredPackage Package, IReadOnlyList<AffectingAdvisory> Advisories, string? MinimalFix);

/// <summary>One advisory affecting a package: its entry for the package, the versions that fix it, and its severity.</summary>
internal sealed record AffectingAdvisory(Advisory Advisory, AffectedPackage Entry, IReadOnlyList<string> FixedVersions, AdvisorySeverity Severity);
