using Bulwark.Scanning.Dependencies.Versions;

namespace Bulwark.Scanning.Tests.Dependencies.Versions;

public sealed class Pep440VersionTests
{
    private static readonly IVersionScheme Scheme = VersionSchemes.Pep440;

    [Fact]
    public void Orders_the_example_list_from_the_specification()
    {
        VersionAssert.StrictlyAscending(
            Scheme,
            "1.dev0", "1.0.dev456", "1.0a1", "1.0a2.dev456", "1.0a12.dev456", "1.0a12", "1.0b1.dev456", "1.0b2",
            "1.0b2.post345.dev456", "1.0b2.post345", "1.0rc1.dev456", "1.0rc1", "1.0", "1.0+abc.5", "1.0+abc.7",
            "1.0+5", "1.0.post456.dev34", "1.0.post456", "1.0.15", "1.1.dev1");
    }

    [Fact]
    public void Orders_each_suffix_kind_as_the_specification_summarises()
    {
        VersionAssert.StrictlyAscending(
            Scheme,
            "2.0.dev1", "2.0a1.dev1", "2.0a1", "2.0a1.post1.dev1", "2.0a1.post1", "2.0b1", "2.0rc1", "2.0",
            "2.0.post1.dev1", "2.0.post1", "2.0.1");
    }

    [Fact]
    public void Epoch_outranks_every_release()
    {
        VersionAssert.StrictlyAscending(Scheme, "3.0", "2024.10", "1!0.5", "1!1.0.dev0", "1!1.0", "2!0.0.1");
    }

    [Fact]
    public void Trailing_zeros_of_the_release_are_insignificant()
    {
        VersionAssert.AllEqual(Scheme, "1", "1.0", "1.0.0", "1.0.0.0", "0!1.0", "v1.0", " 1.00 ");
        VersionAssert.StrictlyAscending(Scheme, "1.0", "1.0.0.1", "1.0.1", "1.1", "1.9", "1.10", "1.10.0.1");
    }

    [Theory]
    [InlineData("1.0a", "1.0a0")]
    [InlineData("1.0ALPHA1", "1.0a1")]
    [InlineData("1.0-alpha-1", "1.0a1")]
    [InlineData("1.0.beta.2", "1.0b2")]
    [InlineData("1.0_b_2", "1.0b2")]
    [InlineData("1.0c1", "1.0rc1")]
    [InlineData("1.0pre1", "1.0rc1")]
    [InlineData("1.0-preview.3", "1.0rc3")]
    [InlineData("1.0RC", "1.0rc0")]
    [InlineData("1.0-1", "1.0.post1")]
    [InlineData("1.0post", "1.0.post0")]
    [InlineData("1.0-r-4", "1.0.post4")]
    [InlineData("1.0.rev2", "1.0.post2")]
    [InlineData("1.0_post_2", "1.0.post2")]
    [InlineData("1.0.dev", "1.0.dev0")]
    [InlineData("1.0-DEV-3", "1.0.dev3")]
    [InlineData("V1.0", "1.0")]
    [InlineData("  1.0\t", "1.0")]
    [InlineData("0!1.0", "1.0")]
    [InlineData("01!01.002", "1!1.2")]
    [InlineData("1.0a1-1.dev2", "1.0a1.post1.dev2")]
    [InlineData("1.0+Ubuntu-1_02", "1.0+ubuntu.1.2")]
    public void Normalizes_alternative_spellings(string text, string normalized)
    {
        Pep440Version.TryParse(text, out var version).ShouldBeTrue();
        version!.Normalized.ShouldBe(normalized);
        version.CompareTo(VersionAssert.Parse(Scheme, normalized)).ShouldBe(0);
    }

    [Fact]
    public void Local_segments_compare_numerically_numbers_above_strings_longer_wins()
    {
        VersionAssert.StrictlyAscending(
            Scheme,
            "1.0", "1.0+abc", "1.0+abc.2", "1.0+abc.10", "1.0+abd", "1.0+ubuntu", "1.0+ubuntu.1", "1.0+0", "1.0+2",
            "1.0+10", "1.0+10.a", "1.0+10.0", "1.0.post0");
        VersionAssert.AllEqual(Scheme, "1.0+Ubuntu.1", "1.0+ubuntu-1", "1.0+ubuntu_01");
    }

    [Fact]
    public void Pre_and_dev_releases_are_prereleases_post_releases_are_not()
    {
        VersionAssert.Parse(Scheme, "1.0rc1").IsPrerelease.ShouldBeTrue();
        VersionAssert.Parse(Scheme, "1.0.dev1").IsPrerelease.ShouldBeTrue();
        VersionAssert.Parse(Scheme, "1.0.post1").IsPrerelease.ShouldBeFalse();
        VersionAssert.Parse(Scheme, "1.0+local").IsPrerelease.ShouldBeFalse();
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("v")]
    [InlineData("1.")]
    [InlineData(".1")]
    [InlineData("1..0")]
    [InlineData("1.0a.")]
    [InlineData("1.0+")]
    [InlineData("1.0+a..b")]
    [InlineData("1.0+a b")]
    [InlineData("1!")]
    [InlineData("!1.0")]
    [InlineData("1.0.x")]
    [InlineData("1.0gamma1")]
    [InlineData("1.0.dev1.post1")]
    [InlineData("1.0.post1a1")]
    [InlineData(">=1.0")]
    [InlineData("latest")]
    [InlineData("1.0-")]
    public void Rejects_what_is_not_a_version(string text)
    {
        Scheme.TryParse(text, out var version).ShouldBeFalse();
        version.ShouldBeNull();
    }

    [Fact]
    public void Huge_numbers_compare_without_overflow()
    {
        VersionAssert.StrictlyAscending(Scheme, "99999999999999999999999", "100000000000000000000000", "100000000000000000000000.1");
    }

    [Fact]
    public void Comparing_with_another_scheme_throws()
    {
        var pep440 = VersionAssert.Parse(Scheme, "1.0.0");
        var semver = VersionAssert.Parse(VersionSchemes.SemVer, "1.0.0");
        Should.Throw<ArgumentException>(() => pep440.CompareTo(semver));
    }
}
