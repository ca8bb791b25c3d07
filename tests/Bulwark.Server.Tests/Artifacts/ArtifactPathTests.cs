using System.Diagnostics;
using Bulwark.Server.Artifacts;

namespace Bulwark.Server.Tests.Artifacts;

public sealed class ArtifactPathTests
{
    [Theory]
    [InlineData("model.onnx")]
    [InlineData("dist/model-1.0-py3-none-any.whl")]
    [InlineData("reports/ü/ß/データ.json")]
    [InlineData("a/.hidden/b..c/...")]
    [InlineData("emoji/😀.txt")]
    public void Relative_slash_separated_paths_are_accepted(string path) => ArtifactPath.Problem(path).ShouldBeNull();

    [Theory]
    [InlineData("", "empty")]
    [InlineData("/etc/passwd", "relative")]
    [InlineData("../secrets", "'..'")]
    [InlineData("dist/../../x", "'..'")]
    [InlineData("dist/./x", "'.'")]
    [InlineData("dist//x", "empty")]
    [InlineData("dist/", "empty")]
    [InlineData("..", "'..'")]
    [InlineData("dist\\x", "'\\'")]
    [InlineData("a\nb", "control")]
    [InlineData("a\u0000b", "control")]
    [InlineData("a\u007fb", "control")]
    [InlineData("evil\u202Etxt.exe", "formatting")]
    [InlineData("a\u2028b", "control")]
    public void Unsafe_paths_are_refused_with_the_reason(string path, string reason) =>
        ArtifactPath.Problem(path).ShouldNotBeNull().ShouldContain(reason);

    [Fact]
    public void Lone_surrogates_are_refused()
    {
        // Built in code: attribute arguments are stored as UTF-8 and would turn a lone surrogate into U+FFFD.
        foreach (var path in new[] { "a" + '\ud800' + "b", "a" + '\udc00', "" + '\udbff' })
        {
            ArtifactPath.Problem(path).ShouldNotBeNull().ShouldContain("Unicode");
        }
    }

    [Fact]
    public void The_length_is_capped()
    {
        ArtifactPath.Problem(new string('a', ArtifactPath.MaxLength)).ShouldBeNull();
        ArtifactPath.Problem(new string('a', ArtifactPath.MaxLength + 1)).ShouldNotBeNull().ShouldContain("longer than");
    }

    [Fact]
    public void Random_and_mutated_paths_never_throw_and_accepted_ones_keep_the_invariants()
    {
        var random = new Random(1129);
        var alphabet = "ab/._-\\\0\n\u202e\ud800\udc00é😀 ".ToCharArray();
        var seeds = new[] { "dist/model.onnx", "../x", "a//b", "/abs" };
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < 20_000 && clock.Elapsed < TimeSpan.FromSeconds(10); i++)
        {
            var chars = (i % 2 == 0 ? seeds[random.Next(seeds.Length)] : "").ToList();
            for (var n = random.Next(0, 12); n > 0; n--)
            {
                chars.Insert(random.Next(chars.Count + 1), alphabet[random.Next(alphabet.Length)]);
            }
            var path = new string([.. chars]);
            if (ArtifactPath.Problem(path) is null)
            {
                path.ShouldNotStartWith("/");
                path.Split('/').ShouldAllBe(s => s.Length > 0 && s != "." && s != "..");
                path.ShouldNotContain('\\');
                path.ShouldAllBe(c => !char.IsControl(c));
            }
        }
    }
}
