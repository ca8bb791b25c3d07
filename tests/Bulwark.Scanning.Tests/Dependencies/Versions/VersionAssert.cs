using Bulwark.Scanning.Dependencies.Versions;

namespace Bulwark.Scanning.Tests.Dependencies.Versions;

/// <summary>Assertions shared by the version scheme tests.</summary>
internal static class VersionAssert
{
    public static PackageVersion Parse(IVersionScheme scheme, string text)
    {
        scheme.TryParse(text, out var version).ShouldBeTrue($"'{text}' should parse as {scheme.Name}");
        return version!;
    }

    /// <summary>Every element sorts strictly before every later one, in both directions of comparison.</summary>
    public static void StrictlyAscending(IVersionScheme scheme, params string[] texts)
    {
        var versions = texts.Select(t => Parse(scheme, t)).ToArray();
        for (var i = 0; i < versions.Length; i++)
        {
            versions[i].CompareTo(versions[i]).ShouldBe(0, texts[i]);
            for (var j = i + 1; j < versions.Length; j++)
            {
                versions[i].CompareTo(versions[j]).ShouldBeLessThan(0, $"{texts[i]} < {texts[j]}");
                versions[j].CompareTo(versions[i]).ShouldBeGreaterThan(0, $"{texts[j]} > {texts[i]}");
            }
        }
    }

    public static void AllEqual(IVersionScheme scheme, params string[] texts)
    {
        var first = Parse(scheme, texts[0]);
        foreach (var text in texts)
        {
            var other = Parse(scheme, text);
            first.CompareTo(other).ShouldBe(0, $"{texts[0]} = {text}");
            other.CompareTo(first).ShouldBe(0, $"{text} = {texts[0]}");
        }
    }

    /// <summary>
    /// Ordering laws over a sample: reflexive, antisymmetric, and transitive (checked by sorting and then requiring
    /// every pair of the sorted sequence to be in order, which a non-transitive comparison cannot guarantee).
    /// </summary>
    public static void TotalOrder(IReadOnlyList<PackageVersion> versions)
    {
        foreach (var a in versions)
        {
            a.CompareTo(a).ShouldBe(0);
            foreach (var b in versions)
            {
                Math.Sign(a.CompareTo(b)).ShouldBe(-Math.Sign(b.CompareTo(a)), $"{a} vs {b}");
            }
        }
        var sorted = versions.ToArray();
        Array.Sort(sorted, (x, y) => x.CompareTo(y));
        for (var i = 0; i < sorted.Length; i++)
        {
            for (var j = i + 1; j < sorted.Length; j++)
            {
                sorted[i].CompareTo(sorted[j]).ShouldBeLessThanOrEqualTo(0, $"{sorted[i]} <= {sorted[j]}");
            }
        }
    }
}
