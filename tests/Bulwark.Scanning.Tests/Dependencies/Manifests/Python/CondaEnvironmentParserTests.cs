using Bulwark.Scanning.Dependencies;
using Bulwark.Scanning.Dependencies.Manifests.Python;

namespace Bulwark.Scanning.Tests.Dependencies.Manifests.Python;

public sealed class CondaEnvironmentParserTests : IDisposable
{
    internal const string Environment = """
        name: vision
        channels:
          - pytorch
          - conda-forge
        dependencies:
          - python=3.10
          - numpy=1.21.0
          - scipy==1.9.3
          - pandas>=1.5
          - conda-forge::pytorch=2.0.1=py3.10_0
          - cudatoolkit
          - pip
          - pip:
            - transformers==4.36.0
            - "accelerate>=0.25"
            - -r requirements-extra.txt
            - --extra-index-url https://download.pytorch.org/whl/cu118
        """;

    private readonly ManifestFixture _fixture = new();
    private readonly CondaEnvironmentParser _parser = new();

    public void Dispose() => _fixture.Dispose();

    [Theory]
    [InlineData("environment.yml", true)]
    [InlineData("environment.yaml", true)]
    [InlineData("environment-gpu.yml", true)]
    [InlineData("docker-compose.yml", false)]
    public void Matches_environment_files(string name, bool expected) => _parser.Matches(name).ShouldBe(expected);

    [Fact]
    public void Parses_conda_packages_channels_and_the_pip_section()
    {
        var result = _fixture.Write("env/environment.yml", Environment).Write("env/requirements-extra.txt", "\nsafetensors==0.4.1\n")
            .Parse(_parser, "env/environment.yml");

        result.Errors.ShouldBeEmpty();
        result.IsLockfile.ShouldBeFalse();
        result.Indexes.Select(i => (i.Url, i.IsExtra, i.Line, i.Column)).ShouldBe([
            ("pytorch", false, 3, 5), ("conda-forge", false, 4, 5), ("https://download.pytorch.org/whl/cu118", true, 17, 7)]);
        result.Packages.Select(p => (p.Name, p.Version, p.Line, p.Column, p.Ecosystem)).ShouldBe([
            ("numpy", "1.21.0", 7, 5, Ecosystems.Conda),
            ("scipy", "1.9.3", 8, 5, Ecosystems.Conda),
            ("pandas", null, 9, 5, Ecosystems.Conda),
            ("pytorch", "2.0.1", 10, 18, Ecosystems.Conda),
            ("cudatoolkit", null, 11, 5, Ecosystems.Conda),
            ("pip", null, 12, 5, Ecosystems.Conda),
            ("transformers", "4.36.0", 14, 7, Ecosystems.PyPI),
            ("accelerate", null, 15, 8, Ecosystems.PyPI),
            ("safetensors", "0.4.1", 2, 1, Ecosystems.PyPI)]);
        result.Package("pandas").Requirement.ShouldBe(">=1.5");
        result.Package("safetensors").File.ShouldBe("env/requirements-extra.txt");
        result.IncludedFiles.ShouldBe(["env/requirements-extra.txt"]);
    }

    [Fact]
    public void A_yaml_syntax_error_is_one_error_with_its_position()
    {
        var result = _fixture.Write("environment.yml", "dependencies:\n  - numpy\n  - [unclosed\n").Parse(_parser, "environment.yml");

        var error = result.Errors.ShouldHaveSingleItem();
        (error.File, error.Line).ShouldBe(("environment.yml", 4));
        result.Packages.ShouldBeEmpty();
    }

    [Fact]
    public void Bad_specs_become_errors_and_deep_nesting_is_refused()
    {
        var result = _fixture.Write("environment.yml", "dependencies:\n  - =1.0\n  - numpy\n").Parse(_parser, "environment.yml");
        result.Errors.ShouldHaveSingleItem().Line.ShouldBe(2);
        result.Package("numpy").Line.ShouldBe(3);

        var deep = _fixture.Write("environment.yaml", "dependencies: " + new string('[', 500) + new string(']', 500) + "\n").Parse(_parser, "environment.yaml");
        deep.Errors.ShouldHaveSingleItem().Message.ShouldContain("deeper than 64");
    }
}
