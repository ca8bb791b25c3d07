using Bulwark.Scanning.Dependencies.Versions;

namespace Bulwark.Scanning.Tests.Dependencies.Versions;

public sealed class GoVersionTests
{
    private static readonly IVersionScheme Scheme = VersionSchemes.Go;

    [Fact]
    public void Parses_with_and_without_the_v_prefix()
    {
        VersionAssert.AllEqual(Scheme, "v1.2.3", "1.2.3");
    }

    [Fact]
    public void Pseudo_versions_sort_as_the_prereleases_they_are()
    {
        VersionAssert.StrictlyAscending(
            Scheme,
            "v0.0.0-20191109021931-daa7c04131f5", "v0.0.0-20201231235959-0123456789ab", "v0.1.0",
            "v1.2.3-pre", "v1.2.3-pre.0.20191109021931-daa7c04131f5", "v1.2.3",
            "v1.2.4-0.20191109021931-daa7c04131f5", "v1.2.4-0.20200101000000-aaaaaaaaaaaa", "v1.2.4");
        VersionAssert.Parse(Scheme, "v1.2.4-0.20191109021931-daa7c04131f5").IsPrerelease.ShouldBeTrue();
    }

    [Fact]
    public void Incompatible_suffix_is_ignored_for_ordering()
    {
        VersionAssert.AllEqual(Scheme, "v2.0.0+incompatible", "2.0.0");
        VersionAssert.StrictlyAscending(Scheme, "v2.0.0+incompatible", "v2.0.1+incompatible", "v3.0.0");
    }

    [Theory]
    [InlineData("v1.2")]
    [InlineData("V1.2.3")]
    [InlineData("=v1.2.3")]
    [InlineData("master")]
    [InlineData("v1.2.3-")]
    public void Rejects_non_canonical_module_versions(string text)
    {
        Scheme.TryParse(text, out _).ShouldBeFalse();
    }

    [Fact]
    public void Go_and_semver_versions_do_not_compare()
    {
        var go = VersionAssert.Parse(Scheme, "v1.0.0");
        Should.Throw<ArgumentException>(() => go.CompareTo(VersionAssert.Parse(VersionSchemes.SemVer, "1.0.0")));
    }
}
