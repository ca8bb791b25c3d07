using Bulwark.Scanning.Dependencies;
using Bulwark.Scanning.Dependencies.Manifests;
using Bulwark.Scanning.Dependencies.Manifests.DotNet;
using Bulwark.Scanning.Tests.Dependencies.Manifests.JavaScript;
using static Bulwark.Scanning.Tests.Dependencies.Manifests.JavaScript.ManifestHarness;

namespace Bulwark.Scanning.Tests.Dependencies.Manifests.DotNet;

public sealed class MsBuildProjectParserTests : IDisposable
{
    private readonly ManifestHarness _harness = new();
    private readonly MsBuildProjectParser _parser = new();

    public void Dispose() => _harness.Dispose();

    [Theory]
    [InlineData("Orders.Api.csproj", true)]
    [InlineData("Lib.fsproj", true)]
    [InlineData("Legacy.vbproj", true)]
    [InlineData("Directory.Packages.props", true)]
    [InlineData("Directory.Build.props", false)]
    [InlineData("packages.lock.json", false)]
    public void Matches_project_files_and_central_versions(string name, bool expected) => _parser.Matches(name).ShouldBe(expected);

    [Fact]
    public void Reads_package_references_with_the_position_of_the_version_value()
    {
        var result = _harness.Parse(_parser, "src/Orders.Api/Orders.Api.csproj", DotNetSamples.Csproj);

        result.IsLockfile.ShouldBeFalse();
        var json = Single(result, "Newtonsoft.Json");
        json.ShouldSatisfyAllConditions(
            p => p.Ecosystem.ShouldBe(Ecosystems.NuGet),
            p => p.Version.ShouldBe("13.0.3"),
            p => p.Requirement.ShouldBe("13.0.3"),
            p => p.Scope.ShouldBe(DependencyScope.Direct),
            p => p.File.ShouldBe("src/Orders.Api/Orders.Api.csproj"),
            p => (p.Line, p.Column).ShouldBe((8, 57)),
            p => (p.Line, p.Column).ShouldBe(PositionOf(DotNetSamples.Csproj, "\"13.0.3\"")));
        var autoMapper = Single(result, "AutoMapper");
        autoMapper.Version.ShouldBe("12.0.1");
        (autoMapper.Line, autoMapper.Column).ShouldBe(PositionOf(DotNetSamples.Csproj, "12.0.1"));
        Single(result, "Swashbuckle.AspNetCore").Version.ShouldBe("6.5.0");
    }

    [Fact]
    public void Expands_properties_and_tells_pins_from_ranges()
    {
        var result = _harness.Parse(_parser, "Orders.Api.csproj", DotNetSamples.Csproj);

        Single(result, "Serilog.AspNetCore").Version.ShouldBe("3.1.1");
        Single(result, "Microsoft.EntityFrameworkCore").Version.ShouldBe("8.0.1");
        Single(result, "Polly").ShouldSatisfyAllConditions(p => p.Version.ShouldBe("8.2.0"), p => p.Requirement.ShouldBe("[8.2.0]"));
        Single(result, "Dapper").ShouldSatisfyAllConditions(p => p.Version.ShouldBeNull(), p => p.Requirement.ShouldBe("[2.0,3.0)"));
        Single(result, "MediatR").ShouldSatisfyAllConditions(p => p.Version.ShouldBeNull(), p => p.Requirement.ShouldBe("$(MediatRVersion)"));
    }

    [Fact]
    public void Skips_versionless_and_update_items_and_reports_bad_versions()
    {
        var result = _harness.Parse(_parser, "Orders.Api.csproj", DotNetSamples.Csproj);

        result.Packages.ShouldNotContain(p => p.Name == "Central.Managed" || p.Name == "Microsoft.NET.ILLink.Tasks");
        result.Packages.Count.ShouldBe(9);
        var error = result.Errors.ShouldHaveSingleItem();
        (error.Line, error.Column).ShouldBe(PositionOf(DotNetSamples.Csproj, "\"not-a-version\""));
    }

    [Fact]
    public void Reads_central_package_versions()
    {
        var result = _harness.Parse(_parser, "Directory.Packages.props", DotNetSamples.DirectoryPackagesProps);

        result.Errors.ShouldBeEmpty();
        result.Packages.Select(p => $"{p.Name}@{p.Version}").ShouldBe(["Central.Managed@1.4.2", "xunit@2.9.3", "Nerdbank.GitVersioning@3.6.133"]);
        (result.Packages[0].Line, result.Packages[0].Column).ShouldBe((6, 55));
    }

    [Fact]
    public void Xml_errors_carry_their_position_keep_earlier_items_and_dtds_are_refused()
    {
        var broken = _harness.Parse(_parser, "a.csproj", "<Project>\n  <ItemGroup>\n    <PackageReference Include=\"A\" Version=\"1.0.0\" />\n  </ItemGrop>\n</Project>");
        broken.Packages.ShouldHaveSingleItem().Name.ShouldBe("A");
        broken.Errors.ShouldHaveSingleItem().Line.ShouldBe(4);

        var dtd = _harness.Parse(_parser, "b.csproj", "<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>\n<Project>&e;</Project>");
        dtd.Errors.ShouldHaveSingleItem().Line.ShouldBe(1);
    }

    [Fact]
    public void Deep_nesting_is_an_error()
    {
        var deep = string.Concat(Enumerable.Repeat("<a>", 100)) + string.Concat(Enumerable.Repeat("</a>", 100));
        var result = _harness.Parse(_parser, "deep.csproj", deep);

        result.Errors.ShouldHaveSingleItem().Message.ShouldContain("nested deeper");
    }
}
