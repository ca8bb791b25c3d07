using System.Diagnostics;
using Bulwark.Scanning.PipelineConfig.Definition;

namespace Bulwark.Scanning.Tests.PipelineConfig.Definition;

public sealed class RefPatternTests
{
    [Theory]
    [InlineData("main", "main", true)]
    [InlineData("main", "mainline", false)]
    [InlineData("release/*", "release/1.2", true)]
    [InlineData("release/*", "release/1.2/hotfix", false)]
    [InlineData("release/**", "release/1.2/hotfix", true)]
    [InlineData("**", "feature/a/b", true)]
    [InlineData("v*", "v1.0.0", true)]
    [InlineData("v*", "1.0.0", false)]
    [InlineData("*", "", true)]
    [InlineData("feat*/x", "feature/x", true)]
    [InlineData("Main", "main", false)]
    public void Star_stays_in_a_segment_and_double_star_crosses_them(string pattern, string name, bool expected)
    {
        RefPattern.IsMatch(pattern, name).ShouldBe(expected);
    }

    [Fact]
    public void Filters_match_their_own_kind_and_an_empty_filter_matches_everything()
    {
        var tagsOnly = new RefFilter([], ["v*"]);

        tagsOnly.MatchesTag("v2").ShouldBeTrue();
        tagsOnly.MatchesBranch("main").ShouldBeFalse();
        new RefFilter([], []).MatchesBranch("anything").ShouldBeTrue();
        new RefFilter(["main", "release/*"], []).MatchesBranch("release/3").ShouldBeTrue();
    }

    [Fact]
    public void Adversarial_patterns_stay_fast()
    {
        var clock = Stopwatch.StartNew();
        RefPattern.IsMatch(string.Concat(Enumerable.Repeat("*a", 120)) + "b", new string('a', 255)).ShouldBeFalse();
        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(1));
    }
}
