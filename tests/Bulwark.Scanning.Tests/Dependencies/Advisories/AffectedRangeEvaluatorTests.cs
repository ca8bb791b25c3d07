using Bulwark.Scanning.Dependencies;
using Bulwark.Scanning.Dependencies.Advisories;
using Bulwark.Scanning.Dependencies.Versions;
using Bulwark.Scanning.Tests.Dependencies.Versions;

namespace Bulwark.Scanning.Tests.Dependencies.Advisories;

public sealed class AffectedRangeEvaluatorTests
{
    private static RangeEvent Introduced(string v) => new(RangeEventKind.Introduced, v);

    private static RangeEvent Fixed(string v) => new(RangeEventKind.Fixed, v);

    private static RangeEvent LastAffected(string v) => new(RangeEventKind.LastAffected, v);

    private static RangeEvent Limit(string v) => new(RangeEventKind.Limit, v);

    private static AffectedPackage Package(string ecosystem, params AffectedRange[] ranges) =>
        new() { Ecosystem = ecosystem, Name = "pkg", Ranges = ranges };

    private static AffectedRange Ecosystem(params RangeEvent[] events) => new(RangeType.Ecosystem, events);

    private static AffectedVerdict Expected(bool affected) => affected ? AffectedVerdict.Affected : AffectedVerdict.NotAffected;

    private static AffectedVerdict Verdict(AffectedPackage affected, string version) =>
        AffectedRangeEvaluator.Evaluate(affected, version).Verdict;

    [Theory]
    [InlineData("1.0", false)]
    [InlineData("1.2", true)]
    [InlineData("1.2.0", true)]
    [InlineData("1.9.9", true)]
    [InlineData("2.0rc1", true)]
    [InlineData("2.0.dev3", true)]
    [InlineData("2.0", false)]
    [InlineData("2.0.post1", false)]
    [InlineData("1!0.5", false)]
    public void Introduced_is_inclusive_and_fixed_exclusive(string version, bool affected)
    {
        Verdict(Package(Ecosystems.PyPI, Ecosystem(Introduced("1.2"), Fixed("2.0"))), version).ShouldBe(Expected(affected));
    }

    [Theory]
    [InlineData("0.0.1", true)]
    [InlineData("2.1.214", true)]
    [InlineData("2.1.215-rc.1", false)]
    [InlineData("2.1.215", false)]
    public void Last_affected_is_inclusive(string version, bool affected)
    {
        Verdict(Package(Ecosystems.Npm, Ecosystem(Introduced("0"), LastAffected("2.1.214"))), version).ShouldBe(Expected(affected));
    }

    [Fact]
    public void Introduced_zero_covers_every_prerelease_from_the_beginning()
    {
        var affected = Package(Ecosystems.PyPI, Ecosystem(Introduced("0"), Fixed("1.0")));
        Verdict(affected, "0.dev0").ShouldBe(AffectedVerdict.Affected);
        Verdict(affected, "0a1").ShouldBe(AffectedVerdict.Affected);
        Verdict(affected, "1.0").ShouldBe(AffectedVerdict.NotAffected);
    }

    [Fact]
    public void Epochs_order_above_plain_releases()
    {
        var affected = Package(Ecosystems.PyPI, Ecosystem(Introduced("0"), Fixed("3.0")));
        Verdict(affected, "2.9").ShouldBe(AffectedVerdict.Affected);
        Verdict(affected, "1!0.5").ShouldBe(AffectedVerdict.NotAffected);
    }

    [Theory]
    [InlineData("0.9.0", false)]
    [InlineData("1.0.1", true)]
    [InlineData("1.0.2", false)]
    [InlineData("2.5.0", false)]
    [InlineData("3.0.0", true)]
    [InlineData("3.2.5", false)]
    public void Several_ranges_in_one_event_list_and_unsorted_events_are_evaluated_in_version_order(string version, bool affected)
    {
        Verdict(Package(Ecosystems.Npm, Ecosystem(Introduced("1.0.0"), Fixed("1.0.2"), Introduced("3.0.0"), Fixed("3.2.5"))), version)
            .ShouldBe(Expected(affected));
        Verdict(Package(Ecosystems.Npm, Ecosystem(Fixed("3.2.5"), Introduced("3.0.0"), Fixed("1.0.2"), Introduced("1.0.0"))), version)
            .ShouldBe(Expected(affected));
        Verdict(Package(Ecosystems.Npm, Ecosystem(Introduced("3.0.0"), Fixed("3.2.5")), Ecosystem(Introduced("1.0.0"), Fixed("1.0.2"))), version)
            .ShouldBe(Expected(affected));
    }

    [Theory]
    [InlineData("1.0.0", true)]
    [InlineData("2.0.0", true)]
    [InlineData("2.5.0", true)]
    [InlineData("3.0.0", false)]
    public void Adjacent_ranges_join_at_the_shared_version(string version, bool affected)
    {
        Verdict(Package(Ecosystems.CratesIo, Ecosystem(Introduced("2.0.0"), Fixed("3.0.0"), Fixed("2.0.0"), Introduced("1.0.0"))), version)
            .ShouldBe(Expected(affected));
    }

    [Theory]
    [InlineData("0.5", true)]
    [InlineData("1.5", true)]
    [InlineData("2.5", true)]
    [InlineData("3.0", false)]
    [InlineData("3.5", false)]
    public void Limit_caps_the_whole_range_and_a_version_below_any_limit_is_in(string version, bool affected)
    {
        Verdict(Package(Ecosystems.PyPI, Ecosystem(Introduced("0"), Limit("1.0"), Introduced("2.0"), Limit("3.0"))), version)
            .ShouldBe(Expected(affected));
    }

    [Fact]
    public void Star_limit_means_no_cap()
    {
        Verdict(Package(Ecosystems.PyPI, Ecosystem(Introduced("1.0"), Limit("*"))), "99.0").ShouldBe(AffectedVerdict.Affected);
    }

    [Fact]
    public void Explicit_versions_match_under_the_scheme_or_verbatim_when_unparseable()
    {
        var affected = new AffectedPackage { Ecosystem = Ecosystems.PyPI, Name = "pkg", Versions = ["1.0", "weird-build"] };
        Verdict(affected, "1.0.0").ShouldBe(AffectedVerdict.Affected);
        Verdict(affected, "v1.0").ShouldBe(AffectedVerdict.Affected);
        Verdict(affected, "1.0.1").ShouldBe(AffectedVerdict.NotAffected);
        Verdict(affected, "weird-build").ShouldBe(AffectedVerdict.Affected);
    }

    [Fact]
    public void Git_ranges_are_ignored()
    {
        var affected = Package(Ecosystems.PyPI, new AffectedRange(RangeType.Git, [Introduced("0"), Fixed("deadbeef")]));
        AffectedRangeEvaluator.Evaluate(affected, "1.0").ShouldBe(AffectedDecision.NotAffected);
    }

    [Fact]
    public void Semver_ranges_use_semver_and_go_ranges_the_go_scheme()
    {
        var go = Package(Ecosystems.Go, new AffectedRange(RangeType.Semver, [Introduced("0"), Fixed("1.2.4")]));
        Verdict(go, "v1.2.4-0.20191109021931-daa7c04131f5").ShouldBe(AffectedVerdict.Affected);
        Verdict(go, "v1.2.4").ShouldBe(AffectedVerdict.NotAffected);
        var pypi = Package(Ecosystems.PyPI, new AffectedRange(RangeType.Semver, [Introduced("1.0.0"), Fixed("2.0.0")]));
        Verdict(pypi, "1.5.0").ShouldBe(AffectedVerdict.Affected);
        Verdict(pypi, "2.0.0").ShouldBe(AffectedVerdict.NotAffected);
        AffectedRangeEvaluator.Evaluate(pypi, "1.5").Reason!.ShouldContain("not a valid SemVer version");
    }

    [Fact]
    public void Maven_and_nuget_ranges_use_their_own_order()
    {
        var maven = Package(Ecosystems.Maven, Ecosystem(Introduced("2.0.0"), Fixed("2.12.7.1")));
        Verdict(maven, "2.12.7").ShouldBe(AffectedVerdict.Affected);
        Verdict(maven, "2.12.7.1").ShouldBe(AffectedVerdict.NotAffected);
        Verdict(maven, "2.0.0-RC1").ShouldBe(AffectedVerdict.NotAffected);
        var nuget = Package(Ecosystems.NuGet, Ecosystem(Introduced("0"), Fixed("13.0.1")));
        Verdict(nuget, "13.0.1-beta1").ShouldBe(AffectedVerdict.Affected);
        Verdict(nuget, "13.0.1.0").ShouldBe(AffectedVerdict.NotAffected);
    }

    [Fact]
    public void Unparseable_installed_version_is_unknown_with_a_reason()
    {
        var decision = AffectedRangeEvaluator.Evaluate(Package(Ecosystems.Npm, Ecosystem(Introduced("0"), Fixed("1.0.0"))), "latest");
        decision.Verdict.ShouldBe(AffectedVerdict.Unknown);
        decision.Reason!.ShouldContain("'latest'");
    }

    [Fact]
    public void Unparseable_range_is_skipped_and_reported_unless_another_range_matches()
    {
        var broken = Ecosystem(Introduced("0"), Fixed("not a version"));
        var decision = AffectedRangeEvaluator.Evaluate(Package(Ecosystems.Npm, broken), "1.0.0");
        decision.Verdict.ShouldBe(AffectedVerdict.Unknown);
        decision.Reason!.ShouldContain("'not a version'");
        Verdict(Package(Ecosystems.Npm, broken, Ecosystem(Introduced("0.5.0"), Fixed("2.0.0"))), "1.0.0").ShouldBe(AffectedVerdict.Affected);
        Verdict(Package(Ecosystems.Npm, broken, Ecosystem(Introduced("0.5.0"), Fixed("2.0.0"))), "3.0.0").ShouldBe(AffectedVerdict.Unknown);
    }

    [Fact]
    public void Unknown_ecosystem_is_unknown()
    {
        var decision = AffectedRangeEvaluator.Evaluate(Package("Debian", Ecosystem(Introduced("0"))), "1.0");
        decision.Verdict.ShouldBe(AffectedVerdict.Unknown);
        decision.Reason!.ShouldContain("Debian");
    }

    [Fact]
    public void Range_without_events_or_without_introduced_affects_nothing()
    {
        Verdict(Package(Ecosystems.PyPI, Ecosystem()), "1.0").ShouldBe(AffectedVerdict.NotAffected);
        Verdict(Package(Ecosystems.PyPI, Ecosystem(Fixed("2.0"))), "1.0").ShouldBe(AffectedVerdict.NotAffected);
    }

    [Fact]
    public void Parsed_overload_evaluates_many_candidates_against_one_entry()
    {
        var affected = Package(Ecosystems.PyPI, Ecosystem(Introduced("0"), Fixed("1.4.2")), Ecosystem(Introduced("2.0"), Fixed("2.1.1")));
        var verdicts = new[] { "1.4.1", "1.4.2", "2.0.5", "2.1.1", "3.0" }
            .Select(v => AffectedRangeEvaluator.Evaluate(affected, VersionAssert.Parse(VersionSchemes.Pep440, v)).IsAffected)
            .ToArray();
        verdicts.ShouldBe([true, false, true, false, false]);
    }

    [Fact]
    public void Fixed_versions_are_parsed_sorted_and_distinct()
    {
        var affected = Package(
            Ecosystems.PyPI,
            Ecosystem(Introduced("2.0"), Fixed("2.1.1")),
            Ecosystem(Introduced("0"), Fixed("1.4.2"), LastAffected("1.9")),
            Ecosystem(Introduced("3.0"), Fixed("2.1.1.0"), Fixed("bogus")),
            new AffectedRange(RangeType.Git, [Introduced("0"), Fixed("abc123")]));
        AffectedRangeEvaluator.FixedVersions(affected).Select(v => v.Text).ShouldBe(["1.4.2", "2.1.1"]);
    }
}
