using Bulwark.Scanning.Dependencies.Versions;

namespace Bulwark.Scanning.Tests.Dependencies.Versions;

public sealed class NuGetPackageVersionTests
{
    private static readonly IVersionScheme Scheme = VersionSchemes.NuGet;

    [Fact]
    public void Orders_prereleases_releases_and_fourth_parts()
    {
        VersionAssert.StrictlyAscending(
            Scheme,
            "1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-beta", "1.0.0-rc.2", "1.0.0-rc.10", "1.0.0", "1.0.0.1", "1.0.1",
            "1.1", "2.0.0-preview.1.24080.9", "2.0.0");
    }

    [Fact]
    public void Labels_are_case_insensitive_and_metadata_is_ignored()
    {
        VersionAssert.AllEqual(Scheme, "1.0.0-ALPHA", "1.0.0-alpha", "1.0.0-Alpha+build.7");
        VersionAssert.AllEqual(Scheme, "1.0", "1.0.0", "1.0.0.0", "1.0.0+abc", " 1.0.0 ");
    }

    [Theory]
    [InlineData("1.0.0.0.0")]
    [InlineData("v1.0.0")]
    [InlineData("[1.0.0, 2.0.0)")]
    [InlineData("1.0.*")]
    [InlineData("")]
    public void Rejects_ranges_and_malformed_versions(string text)
    {
        Scheme.TryParse(text, out _).ShouldBeFalse();
    }

    [Fact]
    public void Reports_prereleases()
    {
        VersionAssert.Parse(Scheme, "6.0.0-rc.1").IsPrerelease.ShouldBeTrue();
        VersionAssert.Parse(Scheme, "6.0.0").IsPrerelease.ShouldBeFalse();
    }
}
