using Bulwark.Scanning.Dependencies;
using Bulwark.Scanning.Dependencies.Manifests;
using Bulwark.Scanning.Dependencies.Manifests.Rust;
using Bulwark.Scanning.Tests.Dependencies.Manifests.JavaScript;
using static Bulwark.Scanning.Tests.Dependencies.Manifests.JavaScript.ManifestHarness;

namespace Bulwark.Scanning.Tests.Dependencies.Manifests.Rust;

public sealed class CargoLockParserTests : IDisposable
{
    private readonly ManifestHarness _harness = new();
    private readonly CargoLockParser _parser = new();

    public void Dispose() => _harness.Dispose();

    [Fact]
    public void Reads_sourced_packages_and_skips_workspace_crates()
    {
        var result = _harness.Parse(_parser, "Cargo.lock", CargoSamples.LockV3);

        result.IsLockfile.ShouldBeTrue();
        result.Errors.ShouldBeEmpty();
        result.Packages.Select(p => $"{p.Name}@{p.Version}").ShouldBe(["axum@0.6.20", "serde@1.0.190", "tokio@1.33.0", "my-fork@0.2.0"]);
        var axum = Single(result, "axum");
        axum.ShouldSatisfyAllConditions(
            p => p.Ecosystem.ShouldBe(Ecosystems.CratesIo),
            p => (p.Line, p.Column).ShouldBe((7, 11)),
            p => p.HashCount.ShouldBe(1),
            p => p.Source.ShouldBe(PackageSource.Registry),
            p => p.SourceUrl.ShouldBeNull());
    }

    [Fact]
    public void Workspace_dependencies_are_direct_and_sources_are_classified()
    {
        var result = _harness.Parse(_parser, "Cargo.lock", CargoSamples.LockV3);

        Single(result, "axum").Scope.ShouldBe(DependencyScope.Direct);
        Single(result, "serde").Scope.ShouldBe(DependencyScope.Direct);
        Single(result, "tokio").ShouldSatisfyAllConditions(
            p => p.Scope.ShouldBe(DependencyScope.Transitive),
            p => p.Source.ShouldBe(PackageSource.Registry),
            p => p.SourceUrl.ShouldBe("sparse+https://index.example.test/"),
            p => p.HashCount.ShouldBe(0));
        Single(result, "my-fork").ShouldSatisfyAllConditions(
            p => p.Scope.ShouldBe(DependencyScope.Direct),
            p => p.Source.ShouldBe(PackageSource.Vcs),
            p => p.SourceUrl.ShouldBe("https://github.com/example/my-fork?branch=main#0123456789abcdef"));
    }

    [Fact]
    public void Reads_version_1_metadata_checksums_and_versioned_dependency_entries()
    {
        var result = _harness.Parse(_parser, "Cargo.lock", CargoSamples.LockV1);

        result.Errors.ShouldBeEmpty();
        var libc = result.Packages.ShouldHaveSingleItem();
        libc.ShouldSatisfyAllConditions(
            p => p.Name.ShouldBe("libc"),
            p => p.HashCount.ShouldBe(1),
            p => p.Scope.ShouldBe(DependencyScope.Direct),
            p => p.Line.ShouldBe(10));
    }

    [Fact]
    public void Bad_lines_are_errors_with_positions()
    {
        const string Lock = "[[package]]\nname = \"a\"\nversion = \"1.0.0\nsource = \"registry+x\"\n  garbage\n[[package]]\nname = \"b\"\nversion = \"2.0.0\"\nsource = \"registry+x\"\ndependencies = [\n 42,\n]\n";
        var result = _harness.Parse(_parser, "Cargo.lock", Lock);

        result.Packages.ShouldHaveSingleItem().Name.ShouldBe("b");
        result.Errors.Select(e => (e.Line, e.Column)).ShouldBe([(3, 11), (5, 3), (11, 2), (12, 1), (1, 1)]);
    }
}
