using Bulwark.Scanning.Dependencies.Manifests;
using Bulwark.Scanning.Dependencies.Manifests.DotNet;
using Bulwark.Scanning.Tests.Dependencies.Manifests.JavaScript;
using static Bulwark.Scanning.Tests.Dependencies.Manifests.JavaScript.ManifestHarness;

namespace Bulwark.Scanning.Tests.Dependencies.Manifests.DotNet;

public sealed class PackagesLockJsonParserTests : IDisposable
{
    private readonly ManifestHarness _harness = new();
    private readonly PackagesLockJsonParser _parser = new();

    public void Dispose() => _harness.Dispose();

    [Fact]
    public void Reads_resolved_versions_once_across_frameworks_and_skips_projects()
    {
        var result = _harness.Parse(_parser, "src/Orders.Api/packages.lock.json", DotNetSamples.PackagesLock);

        result.IsLockfile.ShouldBeTrue();
        result.Errors.ShouldBeEmpty();
        result.Packages.Select(p => $"{p.Name}@{p.Version}").ShouldBe(["Newtonsoft.Json@13.0.3", "Serilog@3.1.1", "Central.Managed@1.4.2"]);
        var json = Single(result, "Newtonsoft.Json");
        (json.Line, json.Column).ShouldBe((8, 21));
        json.Requirement.ShouldBe("[13.0.3, )");
        json.HashCount.ShouldBe(1);
        Single(result, "Central.Managed").HashCount.ShouldBe(0);
    }

    [Fact]
    public void Maps_lock_types_to_scopes()
    {
        var result = _harness.Parse(_parser, "packages.lock.json", DotNetSamples.PackagesLock);

        Single(result, "Newtonsoft.Json").Scope.ShouldBe(DependencyScope.Direct);
        Single(result, "Serilog").Scope.ShouldBe(DependencyScope.Transitive);
        Single(result, "Central.Managed").Scope.ShouldBe(DependencyScope.Transitive);
    }

    [Fact]
    public void Entries_without_resolved_version_are_errors()
    {
        var result = _harness.Parse(_parser, "packages.lock.json", "{\"dependencies\": {\"net8.0\": {\n  \"A\": {\"type\": \"Direct\"},\n  \"B\": {\"type\": \"Direct\", \"resolved\": \"1.0.0\"}}}}");

        result.Packages.ShouldHaveSingleItem().Name.ShouldBe("B");
        (result.Errors.ShouldHaveSingleItem().Line, result.Errors[0].Column).ShouldBe((2, 3));
    }
}
