using Bulwark.Scanning.Dependencies.Manifests;
using Bulwark.Scanning.Dependencies.Manifests.JavaScript;
using static Bulwark.Scanning.Tests.Dependencies.Manifests.JavaScript.ManifestHarness;

namespace Bulwark.Scanning.Tests.Dependencies.Manifests.JavaScript;

public sealed class PnpmLockParserTests : IDisposable
{
    private readonly ManifestHarness _harness = new();
    private readonly PnpmLockParser _parser = new();

    public void Dispose() => _harness.Dispose();

    [Theory]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(9)]
    public void Parses_names_versions_and_scopes_in_every_lockfile_version(int version)
    {
        var text = version switch { 5 => NpmSamples.PnpmV5, 6 => NpmSamples.PnpmV6, _ => NpmSamples.PnpmV9 };
        var result = _harness.Parse(_parser, "pnpm-lock.yaml", text);

        result.IsLockfile.ShouldBeTrue();
        result.Errors.ShouldBeEmpty();
        result.Packages.Take(4).Select(p => $"{p.Name}@{p.Version}").ShouldBe(
            ["@babel/core@7.23.2", "express@4.18.2", "jest@29.7.0", "react@18.2.0"]);
        Single(result, "express").Scope.ShouldBe(DependencyScope.Direct);
        Single(result, "react").Scope.ShouldBe(DependencyScope.Direct);
        Single(result, "@babel/core").Scope.ShouldBe(DependencyScope.Transitive);
        Single(result, "jest").ShouldSatisfyAllConditions(
            p => p.Scope.ShouldBe(DependencyScope.Direct),
            p => p.IsDevelopment.ShouldBeTrue());
        Single(result, "@babel/core").IsDevelopment.ShouldBe(version < 9);
        Single(result, "express").IsDevelopment.ShouldBeFalse();
        Single(result, "express").HashCount.ShouldBe(1);
    }

    [Fact]
    public void Reports_each_package_at_its_key_once()
    {
        var result = _harness.Parse(_parser, "pnpm-lock.yaml", NpmSamples.PnpmV6);

        var react = Single(result, "react");
        (react.Line, react.Column).ShouldBe(PositionOf(NpmSamples.PnpmV6, "/react@18.2.0(react-dom@18.2.0)"));
        var babel = Single(result, "@babel/core");
        (babel.Line, babel.Column).ShouldBe((18, 3));
    }

    [Fact]
    public void Non_registry_packages_take_name_and_version_from_the_entry()
    {
        var result = _harness.Parse(_parser, "pnpm-lock.yaml", NpmSamples.PnpmV6);

        Single(result, "left-pad").ShouldSatisfyAllConditions(
            p => p.Version.ShouldBe("1.3.0"),
            p => p.Source.ShouldBe(PackageSource.Url),
            p => p.SourceUrl.ShouldBe("https://codeload.github.com/stevemao/left-pad/tar.gz/5d6f2a1"),
            p => p.Scope.ShouldBe(DependencyScope.Transitive));
    }

    [Fact]
    public void Unreadable_keys_are_errors_and_the_rest_is_kept()
    {
        const string Lock = "lockfileVersion: '6.0'\npackages:\n  /nothing:\n    dev: false\n  /ok@1.0.0:\n    dev: false\n";
        var result = _harness.Parse(_parser, "pnpm-lock.yaml", Lock);

        result.Packages.ShouldHaveSingleItem().Name.ShouldBe("ok");
        var error = result.Errors.ShouldHaveSingleItem();
        (error.Line, error.Column).ShouldBe((3, 3));
    }

    [Fact]
    public void Deeply_nested_yaml_is_an_error_not_a_crash()
    {
        var text = "packages: " + new string('[', 5000) + new string(']', 5000) + "\n";
        var result = _harness.Parse(_parser, "pnpm-lock.yaml", text);

        result.Errors.ShouldHaveSingleItem().Message.ShouldContain("nested deeper");
    }
}
