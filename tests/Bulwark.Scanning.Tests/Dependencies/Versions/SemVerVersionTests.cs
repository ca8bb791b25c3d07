using Bulwark.Scanning.Dependencies.Versions;

namespace Bulwark.Scanning.Tests.Dependencies.Versions;

public sealed class SemVerVersionTests
{
    private static readonly IVersionScheme Scheme = VersionSchemes.SemVer;

    [Fact]
    public void Orders_the_precedence_example_chain_of_the_specification()
    {
        VersionAssert.StrictlyAscending(
            Scheme,
            "1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta", "1.0.0-beta.2", "1.0.0-beta.11",
            "1.0.0-rc.1", "1.0.0", "2.0.0", "2.1.0", "2.1.1", "10.0.0");
    }

    [Fact]
    public void Numeric_identifiers_sort_below_alphanumeric_ones_and_compare_as_numbers()
    {
        VersionAssert.StrictlyAscending(Scheme, "1.0.0-2", "1.0.0-10", "1.0.0-10.a", "1.0.0-1a", "1.0.0-A", "1.0.0-a", "1.0.0-a-b");
    }

    [Fact]
    public void Build_metadata_is_ignored_for_precedence()
    {
        VersionAssert.AllEqual(Scheme, "1.0.0", "1.0.0+build.1", "1.0.0+0001", "v1.0.0+x-y");
        VersionAssert.AllEqual(Scheme, "1.0.0-rc.1+a", "1.0.0-rc.1+b");
    }

    [Theory]
    [InlineData("v1.2.3")]
    [InlineData("=1.2.3")]
    [InlineData("=v1.2.3")]
    [InlineData("  1.2.3 ")]
    [InlineData("V1.2.3")]
    public void Accepts_the_prefixes_npm_lockfiles_contain(string text)
    {
        VersionAssert.AllEqual(Scheme, "1.2.3", text);
    }

    [Theory]
    [InlineData("1.2")]
    [InlineData("1")]
    [InlineData("1.2.3.4")]
    [InlineData("01.2.3")]
    [InlineData("1.02.3")]
    [InlineData("1.2.3-01")]
    [InlineData("1.2.3-")]
    [InlineData("1.2.3-a..b")]
    [InlineData("1.2.3+")]
    [InlineData("1.2.3+a..b")]
    [InlineData("1.2.3-a_b")]
    [InlineData("^1.2.3")]
    [InlineData(">=1.2.3 <2.0.0")]
    [InlineData("1.2.x")]
    [InlineData("latest")]
    [InlineData("vv1.2.3")]
    [InlineData("1.2.3 4")]
    [InlineData("")]
    public void Rejects_ranges_tags_and_malformed_versions(string text)
    {
        Scheme.TryParse(text, out _).ShouldBeFalse();
    }

    [Fact]
    public void Prerelease_identifiers_may_have_leading_zeros_only_when_alphanumeric()
    {
        VersionAssert.Parse(Scheme, "1.0.0-0a").IsPrerelease.ShouldBeTrue();
        VersionAssert.Parse(Scheme, "1.0.0-0").IsPrerelease.ShouldBeTrue();
        VersionAssert.Parse(Scheme, "1.0.0+001").IsPrerelease.ShouldBeFalse();
    }
}
