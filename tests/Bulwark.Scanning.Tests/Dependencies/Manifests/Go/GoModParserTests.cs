using Bulwark.Scanning.Dependencies;
using Bulwark.Scanning.Dependencies.Manifests;
using Bulwark.Scanning.Dependencies.Manifests.Go;
using Bulwark.Scanning.Tests.Dependencies.Manifests.JavaScript;
using static Bulwark.Scanning.Tests.Dependencies.Manifests.JavaScript.ManifestHarness;

namespace Bulwark.Scanning.Tests.Dependencies.Manifests.Go;

public sealed class GoModParserTests : IDisposable
{
    private readonly ManifestHarness _harness = new();
    private readonly GoModParser _parser = new();

    public void Dispose() => _harness.Dispose();

    [Fact]
    public void Reads_single_line_and_block_requirements_with_version_positions()
    {
        var result = _harness.Parse(_parser, "go.mod", GoSamples.GoMod);

        result.Errors.ShouldBeEmpty();
        result.Packages.Count.ShouldBe(6);
        var gin = Single(result, "github.com/gin-gonic/gin");
        gin.ShouldSatisfyAllConditions(
            p => p.Ecosystem.ShouldBe(Ecosystems.Go),
            p => p.Version.ShouldBe("v1.9.1"),
            p => p.Scope.ShouldBe(DependencyScope.Direct),
            p => (p.Line, p.Column).ShouldBe((8, 34)));
        var uuid = Single(result, "github.com/google/uuid");
        (uuid.Line, uuid.Column).ShouldBe((11, 25));
        Single(result, "github.com/quoted/mod").Version.ShouldBe("v1.0.0");
    }

    [Fact]
    public void Indirect_comments_mark_transitive_requirements()
    {
        var result = _harness.Parse(_parser, "go.mod", GoSamples.GoMod);

        Single(result, "golang.org/x/text").Scope.ShouldBe(DependencyScope.Transitive);
        Single(result, "golang.org/x/net").Scope.ShouldBe(DependencyScope.Transitive);
        Single(result, "github.com/google/uuid").Scope.ShouldBe(DependencyScope.Direct);
    }

    [Fact]
    public void Applies_replacements_by_version_and_by_local_path()
    {
        var result = _harness.Parse(_parser, "go.mod", GoSamples.GoMod);

        var net = Single(result, "golang.org/x/net");
        net.Version.ShouldBe("v0.23.0");
        (net.Line, net.Column).ShouldBe(PositionOf(GoSamples.GoMod, "v0.23.0"));
        Single(result, "example.com/internal/auth").ShouldSatisfyAllConditions(
            p => p.Version.ShouldBeNull(),
            p => p.Source.ShouldBe(PackageSource.Path),
            p => p.SourceUrl.ShouldBe("../auth"));
    }

    [Fact]
    public void Bad_lines_are_errors_and_the_rest_is_read()
    {
        const string Mod = "module m\n\nrequire a.example/x\nfrobnicate all\nrequire (\n\tb.example/y v1.0.0\n\t\"c.example/z v2\n)\nreplace d => \n";
        var result = _harness.Parse(_parser, "go.mod", Mod);

        result.Packages.ShouldHaveSingleItem().Name.ShouldBe("b.example/y");
        result.Errors.Select(e => (e.Line, e.Column)).ShouldBe([(3, 1), (4, 1), (7, 1), (9, 1)]);
    }
}
