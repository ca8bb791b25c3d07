using Bulwark.Scanning.Dependencies.Manifests;
using Bulwark.Scanning.Dependencies.Manifests.JavaScript;
using static Bulwark.Scanning.Tests.Dependencies.Manifests.JavaScript.ManifestHarness;

namespace Bulwark.Scanning.Tests.Dependencies.Manifests.JavaScript;

public sealed class PackageJsonParserTests : IDisposable
{
    private const string Manifest = """
        {
          "name": "orders-api",
          "dependencies": {
            "express": "^4.18.2",
            "react": "18.2.0",
            "uuid": "=9.0.1",
            "my-lodash": "npm:lodash@4.17.21",
            "left-pad": "github:stevemao/left-pad#v1.3.0",
            "ui-kit": "file:../ui-kit",
            "tarball": "https://example.test/tarball-1.0.0.tgz",
            "shorthand": "stevemao/left-pad",
            "anything": "*"
          },
          "devDependencies": {
            "jest": "^29.7.0"
          },
          "optionalDependencies": {
            "fsevents": "2.3.3"
          },
          "peerDependencies": {
            "react-dom": "^18"
          }
        }
        """;

    private readonly ManifestHarness _harness = new();
    private readonly PackageJsonParser _parser = new();

    public void Dispose() => _harness.Dispose();

    [Fact]
    public void Reads_ranges_of_dependency_sections_as_requirements()
    {
        var result = _harness.Parse(_parser, "package.json", Manifest);

        result.IsLockfile.ShouldBeFalse();
        result.Errors.ShouldBeEmpty();
        result.Packages.Count.ShouldBe(11);
        result.Packages.ShouldNotContain(p => p.Name == "react-dom");
        var express = Single(result, "express");
        express.Requirement.ShouldBe("^4.18.2");
        express.Version.ShouldBeNull();
        express.Scope.ShouldBe(DependencyScope.Direct);
        (express.Line, express.Column).ShouldBe((4, 16));
        Single(result, "jest").IsDevelopment.ShouldBeTrue();
        Single(result, "fsevents").IsDevelopment.ShouldBeFalse();
        Single(result, "anything").Version.ShouldBeNull();
    }

    [Fact]
    public void Exact_versions_are_pins()
    {
        var result = _harness.Parse(_parser, "package.json", Manifest);

        Single(result, "react").Version.ShouldBe("18.2.0");
        Single(result, "uuid").Version.ShouldBe("9.0.1");
        Single(result, "fsevents").Version.ShouldBe("2.3.3");
    }

    [Fact]
    public void Alias_git_file_and_url_specifiers_name_their_source()
    {
        var result = _harness.Parse(_parser, "package.json", Manifest);

        Single(result, "lodash").ShouldSatisfyAllConditions(
            p => p.Version.ShouldBe("4.17.21"),
            p => p.Source.ShouldBe(PackageSource.Registry));
        Single(result, "left-pad").Source.ShouldBe(PackageSource.Vcs);
        Single(result, "shorthand").Source.ShouldBe(PackageSource.Vcs);
        Single(result, "ui-kit").ShouldSatisfyAllConditions(
            p => p.Source.ShouldBe(PackageSource.Path),
            p => p.SourceUrl.ShouldBe("file:../ui-kit"),
            p => p.Version.ShouldBeNull());
        Single(result, "tarball").Source.ShouldBe(PackageSource.Url);
    }

    [Fact]
    public void Reports_non_string_ranges_and_keeps_the_rest()
    {
        var result = _harness.Parse(_parser, "package.json", "{\n  \"dependencies\": {\n    \"a\": 1,\n    \"b\": \"1.0.0\"\n  }\n}");

        result.Packages.ShouldHaveSingleItem().Name.ShouldBe("b");
        var error = result.Errors.ShouldHaveSingleItem();
        (error.Line, error.Column).ShouldBe((3, 10));
    }

    [Theory]
    [InlineData("1.2.3", "1.2.3")]
    [InlineData("=1.2.3", "1.2.3")]
    [InlineData("v1.2.3-rc.1", "1.2.3-rc.1")]
    [InlineData("^1.2.3", null)]
    [InlineData("1.2.x", null)]
    [InlineData("1.2", null)]
    [InlineData("1.2.3 || 2.0.0", null)]
    [InlineData("latest", null)]
    public void Recognises_exact_versions(string range, string? expected) => PackageJsonParser.ExactVersion(range).ShouldBe(expected);
}
