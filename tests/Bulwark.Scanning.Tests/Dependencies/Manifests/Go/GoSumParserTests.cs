using Bulwark.Scanning.Dependencies.Manifests;
using Bulwark.Scanning.Dependencies.Manifests.Go;
using Bulwark.Scanning.Tests.Dependencies.Manifests.JavaScript;
using static Bulwark.Scanning.Tests.Dependencies.Manifests.JavaScript.ManifestHarness;

namespace Bulwark.Scanning.Tests.Dependencies.Manifests.Go;

public sealed class GoSumParserTests : IDisposable
{
    private readonly ManifestHarness _harness = new();
    private readonly GoSumParser _parser = new();

    public void Dispose() => _harness.Dispose();

    [Fact]
    public void Reads_module_lines_and_ignores_go_mod_hashes()
    {
        var result = _harness.Parse(_parser, "svc/go.sum", GoSamples.GoSum);

        result.IsLockfile.ShouldBeTrue();
        result.Errors.ShouldBeEmpty();
        result.Packages.Select(p => $"{p.Name}@{p.Version}").ShouldBe([
            "github.com/gin-gonic/gin@v1.9.1", "github.com/google/uuid@v1.6.0", "github.com/leodido/go-urn@v1.2.4",
            "golang.org/x/net@v0.17.0", "golang.org/x/text@v0.13.0"]);
        var urn = Single(result, "github.com/leodido/go-urn");
        (urn.Line, urn.Column).ShouldBe((5, 27));
        urn.HashCount.ShouldBe(1);
        urn.Scope.ShouldBe(DependencyScope.Transitive);
    }

    [Fact]
    public void With_go_mod_beside_it_only_adds_modules_go_mod_does_not_name()
    {
        var result = _harness.Parse(_parser, "svc/go.sum", GoSamples.GoSum, ("svc/go.mod", GoSamples.GoMod));

        result.Packages.ShouldHaveSingleItem().Name.ShouldBe("github.com/leodido/go-urn");
    }

    [Fact]
    public void Malformed_lines_are_errors()
    {
        var result = _harness.Parse(_parser, "go.sum", "a.example/x v1.0.0\nb.example/y v1.0.0 h1:abc=\n");

        result.Packages.ShouldHaveSingleItem().Name.ShouldBe("b.example/y");
        (result.Errors.ShouldHaveSingleItem().Line, result.Errors[0].Column).ShouldBe((1, 1));
    }
}
