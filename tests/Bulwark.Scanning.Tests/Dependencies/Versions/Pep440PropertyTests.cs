using System.Globalization;
using Bulwark.Scanning.Dependencies.Versions;
using CsCheck;

namespace Bulwark.Scanning.Tests.Dependencies.Versions;

public sealed class Pep440PropertyTests
{
    /// <summary>
    /// A generated PEP 440 version: a random legal spelling, the canonical form the spec prescribes for it, and a
    /// model key (canonical form with the release's trailing zeros dropped) that equal versions share.
    /// </summary>
    internal sealed record Sample(string Text, string Normalized, string Key);

    private static readonly Gen<string> Separator = Gen.OneOf("", ".", "-", "_");

    private static readonly Gen<(string Spelled, string Canonical)> PreKind = Gen.OneOf(
        ("a", "a"), ("alpha", "a"), ("A", "a"), ("b", "b"), ("beta", "b"), ("rc", "rc"), ("c", "rc"), ("pre", "rc"),
        ("preview", "rc"), ("RC", "rc"));

    private static readonly Gen<(string Text, string Canonical)> None = Gen.Const(("", ""));

    private static readonly Gen<(string Text, string Canonical)> Pre = Gen.Frequency(
        (2, None),
        (1, Gen.Select(Separator, PreKind, Separator, Gen.Int[0, 12], (s1, kind, s2, n) =>
            (s1 + kind.Spelled + (n == 0 && s2.Length == 0 ? "" : s2 + n), kind.Canonical + n))));

    private static readonly Gen<(string Text, string Canonical)> Post = Gen.Frequency(
        (2, None),
        (1, Gen.Select(Separator, Gen.OneOf("post", "rev", "r", "POST"), Gen.Int[0, 12], (s, label, n) =>
            (s + label + n, ".post" + n))),
        (1, Gen.Int[0, 12].Select(n => ("-" + n, ".post" + n))));

    private static readonly Gen<(string Text, string Canonical)> Dev = Gen.Frequency(
        (2, None),
        (1, Gen.Select(Separator, Gen.OneOf("dev", "DEV"), Gen.Int[0, 12], (s, label, n) =>
            (s + label + (n == 0 ? "" : n.ToString(CultureInfo.InvariantCulture)), ".dev" + n))));

    private static readonly Gen<string[]> Local = Gen.Frequency(
        (3, Gen.Const(Array.Empty<string>())),
        (1, Gen.OneOf("0", "1", "2", "10", "abc", "ubuntu", "Ubuntu", "x").Array[1, 3]));

    internal static readonly Gen<Sample> Versions =
        Gen.Select(Gen.Frequency((4, Gen.Const(0)), (1, Gen.Int[1, 2])), Gen.Int[0, 10].Array[1, 4], Pre, Post, Dev, Local, Gen.Bool)
        .Select((epoch, release, pre, post, dev, local, prefixed) =>
        {
            // "1.0a-3" would read as 1.0a3: an implicit pre-release number cannot precede a "-N" post-release.
            var preText = post.Text.StartsWith('-') && pre.Text.Length > 0 && char.IsAsciiLetter(pre.Text[^1])
                ? pre.Text + "0"
                : pre.Text;
            var epochText = epoch == 0 ? "" : epoch + "!";
            var localText = local.Length == 0 ? "" : "+" + string.Join('.', local);
            var suffix = pre.Canonical + post.Canonical + dev.Canonical + localText.ToLowerInvariant();
            var significant = release.Length;
            while (significant > 1 && release[significant - 1] == 0)
            {
                significant--;
            }
            return new Sample(
                (prefixed ? "v" : "") + epochText + string.Join('.', release) + preText + post.Text + dev.Text + localText,
                epochText + string.Join('.', release) + suffix,
                epochText + string.Join('.', release[..significant]) + suffix);
        });

    [Fact]
    public void Every_generated_spelling_parses_to_its_canonical_form()
    {
        Versions.Sample(sample =>
        {
            Pep440Version.TryParse(sample.Text, out var version).ShouldBeTrue(sample.Text);
            version!.Normalized.ShouldBe(sample.Normalized, sample.Text);
        });
    }

    [Fact]
    public void Parse_normalize_parse_round_trips()
    {
        Versions.Sample(sample =>
        {
            Pep440Version.TryParse(sample.Text, out var version).ShouldBeTrue();
            Pep440Version.TryParse(version!.Normalized, out var again).ShouldBeTrue();
            again!.Normalized.ShouldBe(version.Normalized);
            again.CompareTo(version).ShouldBe(0);
        });
    }

    [Fact]
    public void Compare_is_zero_exactly_when_the_canonical_forms_agree()
    {
        Gen.Select(Versions, Versions).Sample((left, right) =>
        {
            Pep440Version.TryParse(left.Text, out var a).ShouldBeTrue();
            Pep440Version.TryParse(right.Text, out var b).ShouldBeTrue();
            (a!.CompareTo(b) == 0).ShouldBe(left.Key == right.Key, $"{left.Text} vs {right.Text}");
        });
    }

    [Fact]
    public void Ordering_is_reflexive_antisymmetric_and_transitive()
    {
        Versions.Array[20, 40].Sample(samples =>
            VersionAssert.TotalOrder([.. samples.Select(s => VersionAssert.Parse(VersionSchemes.Pep440, s.Text))]),
            iter: 200);
    }
}
