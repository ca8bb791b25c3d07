using Bulwark.Scanning.Dependencies.Manifests;
using Bulwark.Scanning.Dependencies.Manifests.Python;

namespace Bulwark.Scanning.Tests.Dependencies.Manifests.Python;

public sealed class PyprojectParserTests : IDisposable
{
    internal const string Pep621 = """
        [project]
        name = "vision-service"
        version = "0.3.0"
        dependencies = [
            "torch>=2.1",
            "numpy==1.26.4",
          "pillow[avif] ~= 10.2 ; sys_platform != 'win32'",
        ]

        [project.optional-dependencies]
        serve = ["fastapi==0.110.0"]
        test = ["pytest>=8", "vision-service[serve]"]

        [dependency-groups]
        lint = ["ruff==0.3.4", { include-group = "typing" }]
        typing = ["mypy>=1.9"]

        [[tool.uv.index]]
        name = "pytorch"
        url = "https://download.pytorch.org/whl/cu121"
        """;

    private readonly ManifestFixture _fixture = new();
    private readonly PyprojectParser _parser = new();

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public void Parses_pep_621_dependencies_optional_groups_and_dependency_groups()
    {
        var result = _fixture.Write("pyproject.toml", Pep621).Parse(_parser, "pyproject.toml");

        result.Errors.ShouldBeEmpty();
        result.IsLockfile.ShouldBeFalse();
        result.Packages.Select(p => p.Name).ShouldBe(["torch", "numpy", "pillow", "fastapi", "pytest", "ruff", "mypy"]);
        var torch = result.Package("torch");
        (torch.Line, torch.Column, torch.Version, torch.Requirement, torch.IsDevelopment).ShouldBe((5, 6, null, ">=2.1", false));
        result.Package("numpy").Version.ShouldBe("1.26.4");
        var pillow = result.Package("pillow");
        (pillow.Line, pillow.Column, pillow.Marker).ShouldBe((7, 4, "sys_platform != 'win32'"));
        pillow.Extras.ShouldBe(["avif"]);
        result.Package("fastapi").IsDevelopment.ShouldBeFalse();
        result.Package("pytest").IsDevelopment.ShouldBeTrue();
        (result.Package("ruff").IsDevelopment, result.Package("ruff").Line).ShouldBe((true, 15));
        result.Indexes.ShouldBe([new PackageIndex("https://download.pytorch.org/whl/cu121", true, "pyproject.toml", 20, 1)]);
        result.Packages.ShouldAllBe(p => p.Scope == DependencyScope.Direct);
    }

    [Fact]
    public void Parses_poetry_strings_tables_arrays_groups_and_sources()
    {
        var result = _fixture.Write("pyproject.toml", """
            [tool.poetry]
            name = "trainer"

            [tool.poetry.dependencies]
            python = "^3.10"
            numpy = "^1.26"
            pandas = "2.2.1"
            torch = { version = "2.1.0", source = "pytorch", extras = ["cuda"], optional = true }
            mylib = { path = "../mylib", develop = true }
            transformers = { git = "https://github.com/huggingface/transformers.git", tag = "v4.36.0" }
            scipy = [
                { version = "<1.11", python = "<3.9" },
                { version = "^1.11", python = ">=3.9" },
            ]

            [tool.poetry.group.dev.dependencies]
            pytest = "^8.0"

            [tool.poetry.dev-dependencies]
            black = "*"

            [[tool.poetry.source]]
            name = "pytorch"
            url = "https://download.pytorch.org/whl/cu121"
            priority = "explicit"

            [[tool.poetry.source]]
            name = "internal"
            url = "https://pypi.internal.test/simple"
            priority = "primary"
            """).Parse(_parser, "pyproject.toml");

        result.Errors.ShouldBeEmpty();
        result.Packages.Select(p => (p.Name, p.Line)).ShouldBe([
            ("numpy", 6), ("pandas", 7), ("torch", 8), ("mylib", 9), ("transformers", 10), ("scipy", 12), ("scipy", 13),
            ("black", 20), ("pytest", 17)], ignoreOrder: true);
        result.Packages.ShouldNotContain(p => p.Name == "python");
        (result.Package("numpy").Version, result.Package("numpy").Requirement).ShouldBe((null, "^1.26"));
        result.Package("pandas").Version.ShouldBe("2.2.1");
        result.Package("torch").Extras.ShouldBe(["cuda"]);
        result.Package("mylib").Source.ShouldBe(PackageSource.Path);
        result.Package("transformers").Source.ShouldBe(PackageSource.Vcs);
        result.Package("pytest").IsDevelopment.ShouldBeTrue();
        result.Package("black").IsDevelopment.ShouldBeTrue();
        result.Package("numpy").IsDevelopment.ShouldBeFalse();
        result.Indexes.Select(i => (i.Url, i.IsExtra, i.Line)).ShouldBe([
            ("https://download.pytorch.org/whl/cu121", true, 24), ("https://pypi.internal.test/simple", false, 29)]);
    }

    [Fact]
    public void A_toml_syntax_error_is_one_error_at_the_parser_position()
    {
        var result = _fixture.Write("pyproject.toml", "[project]\ndependencies = [\"numpy\"\nname = 3\n").Parse(_parser, "pyproject.toml");

        result.Packages.ShouldBeEmpty();
        var error = result.Errors.ShouldHaveSingleItem();
        (error.File, error.Line).ShouldBe(("pyproject.toml", 3));
    }

    [Theory]
    [InlineData("[project]\nname = \"\\")]
    [InlineData("[project]\nname = \"\"\"\\")]
    public void A_file_ending_inside_a_string_escape_is_an_error_not_a_crash(string toml)
    {
        // Tomlyn throws ArgumentOutOfRangeException here (found by the random-bytes fuzz test in CI).
        var result = _fixture.Write("pyproject.toml", toml).Parse(_parser, "pyproject.toml");

        result.Errors.ShouldHaveSingleItem().Message.ShouldContain("string escape is cut off");
    }

    [Fact]
    public void Bad_entries_become_errors_and_the_rest_is_read()
    {
        var result = _fixture.Write("pyproject.toml", "[project]\ndependencies = [\n  \"numpy>=\",\n  42,\n  \"scipy\",\n]\n").Parse(_parser, "pyproject.toml");

        result.Packages.ShouldHaveSingleItem().Name.ShouldBe("scipy");
        result.Errors.Select(e => e.Line).ShouldBe([3, 4]);
    }

    [Fact]
    public void Nesting_past_the_depth_limit_is_one_error_without_a_position()
    {
        var result = _fixture.Write("pyproject.toml", "[project]\ndependencies = " + new string('[', 100) + "\n").Parse(_parser, "pyproject.toml");

        // Tomlyn's depth guard throws without a source span, so the line is reported as unknown (0).
        var error = result.Errors.ShouldHaveSingleItem();
        error.Line.ShouldBe(0);
        result.Packages.ShouldBeEmpty();
        error.Message.ShouldContain("depth");
    }
}
