using Bulwark.Scanning.Dependencies;
using Bulwark.Scanning.Dependencies.Manifests;
using Bulwark.Scanning.Dependencies.Manifests.JavaScript;
using static Bulwark.Scanning.Tests.Dependencies.Manifests.JavaScript.ManifestHarness;

namespace Bulwark.Scanning.Tests.Dependencies.Manifests.JavaScript;

public sealed class PackageLockParserTests : IDisposable
{
    private readonly ManifestHarness _harness = new();
    private readonly PackageLockParser _parser = new();

    public void Dispose() => _harness.Dispose();

    [Fact]
    public void Matches_package_lock_and_shrinkwrap_only()
    {
        _parser.Matches("package-lock.json").ShouldBeTrue();
        _parser.Matches("npm-shrinkwrap.json").ShouldBeTrue();
        _parser.Matches("package.json").ShouldBeFalse();
    }

    [Fact]
    public void Parses_v3_packages_with_positions_of_the_version()
    {
        var result = _harness.Parse(_parser, "web/package-lock.json", NpmSamples.PackageLockV3);

        result.IsLockfile.ShouldBeTrue();
        result.Errors.ShouldBeEmpty();
        result.Packages.Select(p => $"{p.Name}@{p.Version}").ShouldBe(
            ["express@4.18.2", "debug@2.6.9", "debug@4.3.4", "lodash@4.17.21", "react@18.2.0", "jest@29.7.0", "left-pad@1.3.0", "clsx@2.0.0"]);
        var express = Single(result, "express");
        (express.Line, express.Column).ShouldBe((20, 18));
        (express.Line, express.Column).ShouldBe(PositionOf(NpmSamples.PackageLockV3, "\"4.18.2\""));
        express.File.ShouldBe("web/package-lock.json");
        express.Ecosystem.ShouldBe(Ecosystems.Npm);
        express.HashCount.ShouldBe(1);
        Single(result, "react").HashCount.ShouldBe(0);
    }

    [Fact]
    public void Decides_direct_transitive_and_dev_from_the_install_tree()
    {
        var result = _harness.Parse(_parser, "package-lock.json", NpmSamples.PackageLockV3);

        Single(result, "express").Scope.ShouldBe(DependencyScope.Direct);
        Single(result, "lodash").Scope.ShouldBe(DependencyScope.Direct);
        Single(result, "debug", "2.6.9").Scope.ShouldBe(DependencyScope.Transitive);
        Single(result, "debug", "4.3.4").Scope.ShouldBe(DependencyScope.Transitive);
        Single(result, "debug", "4.3.4").IsDevelopment.ShouldBeTrue();
        Single(result, "jest").ShouldSatisfyAllConditions(
            p => p.Scope.ShouldBe(DependencyScope.Direct),
            p => p.IsDevelopment.ShouldBeTrue());
        Single(result, "left-pad").IsDevelopment.ShouldBeTrue();
        Single(result, "clsx").Scope.ShouldBe(DependencyScope.Direct);
        Single(result, "express").IsDevelopment.ShouldBeFalse();
    }

    [Fact]
    public void Skips_links_and_workspace_folders_and_reports_git_sources()
    {
        var result = _harness.Parse(_parser, "package-lock.json", NpmSamples.PackageLockV3);

        result.Packages.ShouldNotContain(p => p.Name == "ui-kit" || p.Name == "orders-web");
        var leftPad = Single(result, "left-pad");
        leftPad.Source.ShouldBe(PackageSource.Vcs);
        leftPad.SourceUrl.ShouldBe("git+ssh://git@github.com/stevemao/left-pad.git#5d6f2a1");
        Single(result, "express").Source.ShouldBe(PackageSource.Registry);
        Single(result, "express").SourceUrl.ShouldBeNull();
    }

    [Fact]
    public void Parses_v1_nested_dependencies_using_the_package_json_beside_it()
    {
        var result = _harness.Parse(_parser, "package-lock.json", NpmSamples.PackageLockV1, ("package.json", NpmSamples.PackageJson));

        result.Errors.ShouldBeEmpty();
        Single(result, "express").ShouldSatisfyAllConditions(
            p => p.Version.ShouldBe("4.17.1"),
            p => p.Scope.ShouldBe(DependencyScope.Direct),
            p => p.HashCount.ShouldBe(1),
            p => (p.Line, p.Column).ShouldBe((8, 18)));
        Single(result, "debug").Scope.ShouldBe(DependencyScope.Transitive);
        (Single(result, "debug").Line, Single(result, "debug").Column).ShouldBe(PositionOf(NpmSamples.PackageLockV1, "\"2.6.9\"", 2));
        Single(result, "ms").Scope.ShouldBe(DependencyScope.Transitive);
        Single(result, "jest").IsDevelopment.ShouldBeTrue();
        Single(result, "left-pad").ShouldSatisfyAllConditions(
            p => p.Version.ShouldBeNull(),
            p => p.Source.ShouldBe(PackageSource.Vcs),
            p => p.SourceUrl.ShouldBe("github:stevemao/left-pad#5d6f2a1"));
    }

    [Fact]
    public void V1_scope_is_unknown_without_a_package_json()
    {
        var result = _harness.Parse(_parser, "package-lock.json", NpmSamples.PackageLockV1);

        Single(result, "express").Scope.ShouldBe(DependencyScope.Unknown);
        Single(result, "debug").Scope.ShouldBe(DependencyScope.Transitive);
    }

    [Fact]
    public void Reports_a_syntax_error_at_its_position()
    {
        var result = _harness.Parse(_parser, "package-lock.json", "{\n  \"lockfileVersion\": 3,\n  \"packages\": {\n    \"node_modules/a\": {\"version\": 1.0.0}\n  }\n}");

        result.Packages.ShouldBeEmpty();
        var error = result.Errors.ShouldHaveSingleItem();
        error.File.ShouldBe("package-lock.json");
        error.Line.ShouldBe(4);
        error.Column.ShouldBeGreaterThan(20);
        error.Message.ShouldStartWith("invalid JSON");
    }

    [Fact]
    public void Keeps_going_after_a_bad_entry()
    {
        const string Lock = """
            {
              "lockfileVersion": 2,
              "packages": {
                "node_modules/a": "not an object",
                "node_modules/b": {"resolved": "https://registry.npmjs.org/b/-/b-1.0.0.tgz"},
                "node_modules/c": {"version": "3.0.0"}
              }
            }
            """;
        var result = _harness.Parse(_parser, "package-lock.json", Lock);

        result.Packages.ShouldHaveSingleItem().Name.ShouldBe("c");
        result.Errors.Select(e => (e.Line, e.Column)).ShouldBe([(4, 23), (5, 5)]);
    }

    [Fact]
    public void Rejects_nesting_deeper_than_the_limit()
    {
        var deep = "{\"packages\":" + new string('[', 200) + new string(']', 200) + "}";
        var result = _harness.Parse(_parser, "package-lock.json", deep);

        result.Errors.ShouldHaveSingleItem().Line.ShouldBe(1);
    }
}
