using Bulwark.Scanning.Dependencies.Versions;

namespace Bulwark.Scanning.Tests.Dependencies.Versions;

public sealed class MavenVersionTests
{
    private static readonly IVersionScheme Scheme = VersionSchemes.Maven;

    [Fact]
    public void Follows_the_end_result_examples_of_the_version_order_specification()
    {
        VersionAssert.StrictlyAscending(Scheme, "1", "1.1");
        VersionAssert.StrictlyAscending(Scheme, "1-snapshot", "1", "1-sp");
        VersionAssert.StrictlyAscending(Scheme, "1-foo2", "1-foo10");
        VersionAssert.AllEqual(Scheme, "1.foo", "1-foo");
        VersionAssert.StrictlyAscending(Scheme, "1-foo", "1-1", "1.1");
        VersionAssert.AllEqual(Scheme, "1.ga", "1-ga", "1-0", "1.0", "1");
        VersionAssert.StrictlyAscending(Scheme, "1-ga", "1-sp");
        VersionAssert.StrictlyAscending(Scheme, "1-ga.1", "1-sp.1");
        VersionAssert.StrictlyAscending(Scheme, "1-sp-1", "1-ga-1");
        VersionAssert.AllEqual(Scheme, "1-a1", "1-alpha-1");
        VersionAssert.AllEqual(Scheme, "1.0-alpha1", "1.0-ALPHA1");
        VersionAssert.StrictlyAscending(Scheme, "1.K", "1.7");
        VersionAssert.StrictlyAscending(Scheme, "5.aardvark", "5.zebra");
        VersionAssert.StrictlyAscending(Scheme, "1.b", "1.\u03b1");
    }

    [Fact]
    public void Trims_null_values_at_the_end_and_at_each_hyphen()
    {
        VersionAssert.AllEqual(Scheme, "1", "1.0.0", "1.ga", "1.final", "1.release", "1.0", "1.", "1-");
        VersionAssert.AllEqual(Scheme, "1-foo", "1.0.0-foo.0.0");
        VersionAssert.AllEqual(Scheme, "1", "1.0.0-0.0.0");
    }

    [Fact]
    public void Trimming_a_null_qualifier_before_a_hyphen_keeps_the_order_transitive()
    {
        VersionAssert.AllEqual(Scheme, "1-ga-rc", "1-rc", "1.ga.rc", "1--rc");
        VersionAssert.StrictlyAscending(Scheme, "1-ga-rc", "1", "1-foo");
    }

    [Fact]
    public void Orders_qualifiers_known_first_then_lexically()
    {
        VersionAssert.StrictlyAscending(
            Scheme,
            "1-alpha2snapshot", "1-alpha2", "1-alpha-123", "1-beta-2", "1-beta123", "1-m2", "1-m11", "1-rc", "1-cr2",
            "1-rc123", "1-SNAPSHOT", "1", "1-sp", "1-sp2", "1-sp123", "1-abc", "1-def", "1-pom-1", "1-1-snapshot",
            "1-1", "1-2", "1-123");
    }

    [Fact]
    public void Orders_numbers_against_qualifiers_and_sublists()
    {
        VersionAssert.StrictlyAscending(
            Scheme,
            "2.0", "2.0.a", "2-1", "2.0.2", "2.0.123", "2.1.0", "2.1-a", "2.1b", "2.1-c", "2.1-1", "2.1.0.1", "2.2",
            "2.123", "11.a2", "11.a11", "11.b2", "11.b11", "11.m2", "11.m11", "11", "11.a", "11b", "11c", "11m");
    }

    [Fact]
    public void Treats_aliases_and_case_as_equal()
    {
        VersionAssert.AllEqual(Scheme, "1.0-alpha1", "1.0-a1", "1.0ALPHA1", "1.0AlphA1", "1.0-alpha-1");
        VersionAssert.AllEqual(Scheme, "1.0-beta1", "1.0-b1", "1.0BETA1");
        VersionAssert.AllEqual(Scheme, "1.0-milestone1", "1.0-m1", "1.0M1");
        VersionAssert.AllEqual(Scheme, "1.0-rc1", "1.0-cr1", "1.0RC1");
        VersionAssert.AllEqual(Scheme, "1.0", "1.0-ga", "1.0-final", "1.0-GA", "1.0-RELEASE");
        VersionAssert.StrictlyAscending(Scheme, "1.0.0.RC1", "1.0.0-RC2", "1.0.0", "1.0.1");
    }

    [Fact]
    public void Orders_typical_release_trains()
    {
        VersionAssert.StrictlyAscending(
            Scheme,
            "2.9.10", "2.9.10.1", "2.9.10.8", "2.10.0-rc1", "2.10.0", "2.12.7.1", "2.13.0", "5.3.0.RELEASE-1",
            "5.3.18", "5.3.20");
        VersionAssert.StrictlyAscending(Scheme, "31.1-android", "31.1-jre", "32.0.0-android", "32.0.0-jre");
        // Unknown qualifiers sort after a release, so a "-preview" suffix counts as newer, as in Maven.
        VersionAssert.StrictlyAscending(Scheme, "9.4.1.jre16", "9.4.1.jre16-preview");
    }

    [Fact]
    public void Reports_qualifiers_below_release_as_prereleases()
    {
        VersionAssert.Parse(Scheme, "1.0-SNAPSHOT").IsPrerelease.ShouldBeTrue();
        VersionAssert.Parse(Scheme, "1.0.0-M3").IsPrerelease.ShouldBeTrue();
        VersionAssert.Parse(Scheme, "1.0.0.Final").IsPrerelease.ShouldBeFalse();
        VersionAssert.Parse(Scheme, "1.0-sp1").IsPrerelease.ShouldBeFalse();
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("1.0 beta")]
    [InlineData("1.0\u0000")]
    public void Rejects_blank_text_and_embedded_whitespace(string text)
    {
        Scheme.TryParse(text, out _).ShouldBeFalse();
    }
}
