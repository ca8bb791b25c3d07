using Bulwark.Scanning.Dependencies.Manifests.DotNet;
using Bulwark.Scanning.Dependencies.Manifests.Go;
using Bulwark.Scanning.Dependencies.Manifests.Java;
using Bulwark.Scanning.Dependencies.Manifests.JavaScript;
using Bulwark.Scanning.Dependencies.Manifests.Rust;

namespace Bulwark.Scanning.Dependencies.Manifests;

/// <summary>The manifest and lockfile parsers of the non-Python ecosystems (npm, NuGet, Go, crates.io, Maven).</summary>
internal static class OtherManifestParsers
{
    public static IReadOnlyList<IManifestParser> All { get; } =
    [
        new PackageLockParser(),
        new PackageJsonParser(),
        new YarnLockParser(),
        new PnpmLockParser(),
        new PackagesLockJsonParser(),
        new MsBuildProjectParser(),
        new GoModParser(),
        new GoSumParser(),
        new CargoLockParser(),
        new PomParser(),
    ];
}
