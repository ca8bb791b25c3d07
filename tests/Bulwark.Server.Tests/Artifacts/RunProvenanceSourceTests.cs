using Bulwark.Server.Artifacts;

namespace Bulwark.Server.Tests.Artifacts;

public sealed class RunProvenanceSourceTests
{
    [Theory]
    [InlineData("https://git.example/ml/vision.git", "git+https://git.example/ml/vision.git@refs/heads/main")]
    [InlineData("ssh://git@git.example:2222/ml/vision.git", "git+ssh://git@git.example:2222/ml/vision.git@refs/heads/main")]
    [InlineData("git@github.com:ml/vision.git", "git+ssh://git@github.com/ml/vision.git@refs/heads/main")]
    [InlineData("file:///srv/repos/vision", "git+file:///srv/repos/vision@refs/heads/main")]
    public void Repository_urls_become_absolute_slsa_git_sources(string repository, string expected)
    {
        var source = RunProvenance.SourceUri(repository, "refs/heads/main");
        source.ShouldBe(expected);
        Uri.TryCreate(source, UriKind.Absolute, out _).ShouldBeTrue();
    }
}
