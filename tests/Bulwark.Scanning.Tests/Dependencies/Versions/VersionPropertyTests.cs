using System.Globalization;
using Bulwark.Scanning.Dependencies.Versions;
using CsCheck;

namespace Bulwark.Scanning.Tests.Dependencies.Versions;

/// <summary>Ordering laws for the schemes other than PEP 440 (see <see cref="Pep440PropertyTests"/>).</summary>
public sealed class VersionPropertyTests
{
    private static readonly Gen<string> Number = Gen.Frequency((3, Gen.Int[0, 12]), (1, Gen.Int[0, int.MaxValue]))
        .Select(n => n.ToString(CultureInfo.InvariantCulture));

    private static readonly Gen<string> Identifier = Gen.Frequency(
        (2, Number),
        (2, Gen.OneOf("alpha", "beta", "rc", "a", "B", "x-y", "0a", "pre")));

    private static readonly Gen<string> SemVerText =
        Gen.Select(Number, Number, Number, Identifier.Array[0, 3], Gen.OneOf("", "+build.5", "+incompatible"))
        .Select((major, minor, patch, pre, build) =>
            $"{major}.{minor}.{patch}{(pre.Length == 0 ? "" : "-" + string.Join('.', pre))}{build}");

    private static readonly Gen<string> MavenText =
        Gen.Select(Number, Gen.OneOf(".", "-", "").SelectMany(sep => Gen.OneOf(
                "alpha", "a", "b", "m", "beta", "milestone", "rc", "cr", "snapshot", "ga", "final", "release", "sp",
                "foo", "jre", "0", "1", "2", "10").Select(token => sep + token)).Array[0, 5])
        .Select((first, rest) => first + string.Concat(rest));

    private static readonly Gen<string> NuGetText =
        Gen.Select(Number, Number, Number, Gen.OneOf("", ".1", ".0"), Identifier.Array[0, 2])
        .Select((major, minor, patch, revision, pre) =>
            $"{major}.{minor}.{patch}{revision}{(pre.Length == 0 ? "" : "-" + string.Join('.', pre))}");

    public static TheoryData<string> SchemeNames => ["SemVer", "Go", "Maven", "NuGet"];

    [Theory]
    [MemberData(nameof(SchemeNames))]
    public void Ordering_is_reflexive_antisymmetric_and_transitive(string name)
    {
        var (scheme, gen) = Select(name);
        gen.Array[20, 40].Sample(texts =>
            VersionAssert.TotalOrder([.. texts.Select(text => VersionAssert.Parse(scheme, text))]),
            iter: 150);
    }

    [Theory]
    [InlineData("Maven")]
    [InlineData("NuGet")]
    public void Case_never_changes_the_order(string name)
    {
        var (scheme, gen) = Select(name);
        gen.Sample(text =>
            VersionAssert.Parse(scheme, text.ToUpperInvariant()).CompareTo(VersionAssert.Parse(scheme, text)).ShouldBe(0));
    }

    [Fact]
    public void Semver_build_metadata_never_changes_the_order()
    {
        SemVerText.Sample(text =>
        {
            var plus = text.IndexOf('+', StringComparison.Ordinal);
            var bare = plus < 0 ? text : text[..plus];
            VersionAssert.Parse(VersionSchemes.SemVer, text).CompareTo(VersionAssert.Parse(VersionSchemes.SemVer, bare)).ShouldBe(0);
        });
    }

    private static (IVersionScheme Scheme, Gen<string> Gen) Select(string name) => name switch
    {
        "SemVer" => (VersionSchemes.SemVer, SemVerText),
        "Go" => (VersionSchemes.Go, SemVerText.Select(t => "v" + t)),
        "Maven" => (VersionSchemes.Maven, MavenText),
        _ => (VersionSchemes.NuGet, NuGetText),
    };
}
