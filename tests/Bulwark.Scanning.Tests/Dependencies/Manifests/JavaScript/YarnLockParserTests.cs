using Bulwark.Scanning.Dependencies.Manifests;
using Bulwark.Scanning.Dependencies.Manifests.JavaScript;
using static Bulwark.Scanning.Tests.Dependencies.Manifests.JavaScript.ManifestHarness;

namespace Bulwark.Scanning.Tests.Dependencies.Manifests.JavaScript;

public sealed class YarnLockParserTests : IDisposable
{
    private readonly ManifestHarness _harness = new();
    private readonly YarnLockParser _parser = new();

    public void Dispose() => _harness.Dispose();

    [Fact]
    public void Parses_classic_entries_with_scoped_names_and_version_positions()
    {
        var result = _harness.Parse(_parser, "yarn.lock", NpmSamples.YarnClassic, ("package.json", NpmSamples.PackageJson));

        result.IsLockfile.ShouldBeTrue();
        result.Errors.ShouldBeEmpty();
        result.Packages.Select(p => $"{p.Name}@{p.Version}").ShouldBe(
            ["@babel/core@7.23.2", "debug@4.3.4", "express@4.18.2", "jest@29.7.0", "lodash@4.17.21", "react@18.2.0", "left-pad@1.3.0"]);
        var babel = Single(result, "@babel/core");
        (babel.Line, babel.Column).ShouldBe((6, 11));
        babel.HashCount.ShouldBe(1);
        Single(result, "debug").HashCount.ShouldBe(0);
    }

    [Fact]
    public void Classic_entries_asked_for_by_package_json_are_direct()
    {
        var result = _harness.Parse(_parser, "yarn.lock", NpmSamples.YarnClassic, ("package.json", NpmSamples.PackageJson));

        Single(result, "express").Scope.ShouldBe(DependencyScope.Direct);
        Single(result, "react").Scope.ShouldBe(DependencyScope.Direct);
        Single(result, "lodash").Scope.ShouldBe(DependencyScope.Direct);
        Single(result, "jest").ShouldSatisfyAllConditions(
            p => p.Scope.ShouldBe(DependencyScope.Direct),
            p => p.IsDevelopment.ShouldBeTrue());
        Single(result, "debug").Scope.ShouldBe(DependencyScope.Transitive);
        Single(result, "@babel/core").Scope.ShouldBe(DependencyScope.Transitive);
        Single(result, "left-pad").Source.ShouldBe(PackageSource.Vcs);
    }

    [Fact]
    public void Classic_scope_is_unknown_without_package_json()
    {
        var result = _harness.Parse(_parser, "yarn.lock", NpmSamples.YarnClassic);

        result.Packages.ShouldAllBe(p => p.Scope == DependencyScope.Unknown);
    }

    [Fact]
    public void Classic_reports_bad_lines_and_entries_without_version()
    {
        const string Lock = "a@^1.0.0:\n  version \"1.0.0\"\n\nnot a header\n  version \"2.0.0\"\nb@^2.0.0:\n  resolved \"https://registry.yarnpkg.com/b/-/b-2.0.0.tgz\"\n";
        var result = _harness.Parse(_parser, "yarn.lock", Lock);

        result.Packages.ShouldHaveSingleItem().Name.ShouldBe("a");
        result.Errors.Select(e => (e.Line, e.Column)).ShouldBe([(4, 1), (5, 3), (6, 1)]);
    }

    [Fact]
    public void Parses_berry_entries_and_skips_workspaces()
    {
        var result = _harness.Parse(_parser, "yarn.lock", NpmSamples.YarnBerry, ("package.json", NpmSamples.PackageJson));

        result.Errors.ShouldBeEmpty();
        result.Packages.Select(p => $"{p.Name}@{p.Version}").ShouldBe(
            ["@babel/core@7.23.2", "express@4.18.2", "jest@29.7.0", "lodash@4.17.21", "react@18.2.0", "resolve@1.22.8"]);
        var babel = Single(result, "@babel/core");
        (babel.Line, babel.Column).ShouldBe((8, 12));
        babel.HashCount.ShouldBe(1);
        babel.Scope.ShouldBe(DependencyScope.Transitive);
        Single(result, "express").Scope.ShouldBe(DependencyScope.Direct);
        Single(result, "react").Scope.ShouldBe(DependencyScope.Direct);
        Single(result, "lodash").Scope.ShouldBe(DependencyScope.Direct);
        Single(result, "jest").IsDevelopment.ShouldBeTrue();
        Single(result, "resolve").Source.ShouldBe(PackageSource.Registry);
    }

    [Fact]
    public void Berry_syntax_error_is_one_error_with_position()
    {
        var result = _harness.Parse(_parser, "yarn.lock", "__metadata:\n  version: 6\n\n\"a@npm:^1\":\n  version: [1.0.0\n");

        result.Packages.ShouldBeEmpty();
        var error = result.Errors.ShouldHaveSingleItem();
        error.Line.ShouldBeGreaterThanOrEqualTo(5);
        error.Message.ShouldStartWith("invalid YAML");
    }
}
