using System.Diagnostics;
using System.Text;
using Bulwark.Scanning.Dependencies.Versions;

namespace Bulwark.Scanning.Tests.Dependencies.Versions;

/// <summary>Random and mutated strings: TryParse never throws, and whatever parses can be compared.</summary>
public sealed class VersionParserFuzzTests
{
    private const string Alphabet = "0123456789.-_+!vV=abcdefghijklmnopqrstuvwxyzRCDEV ~^*<>|,\t\u0000\u00e9\u03b1";

    private static readonly string[] Seeds =
    [
        "1!2.0a1.post3.dev4+ubuntu.1", "v1.2.3-rc.1+build", "v0.0.0-20191109021931-daa7c04131f5",
        "1.0.0.1-beta.2", "1.0-alpha-1.SNAPSHOT", "2.0.0+incompatible", "1.0rc1-1_dev",
    ];

    public static TheoryData<string> SchemeNames => ["PEP 440", "SemVer", "Go", "NuGet", "Maven"];

    [Theory]
    [MemberData(nameof(SchemeNames))]
    public void Random_and_mutated_text_never_throws(string name)
    {
        var scheme = new[] { VersionSchemes.Pep440, VersionSchemes.SemVer, VersionSchemes.Go, VersionSchemes.NuGet, VersionSchemes.Maven }
            .Single(s => s.Name.StartsWith(name, StringComparison.Ordinal));
        var random = new Random(440);
        var parsed = new List<PackageVersion>();
        var clock = Stopwatch.StartNew();
        for (var round = 0; round < 3000; round++)
        {
            var text = round % 3 == 0 ? RandomText(random) : Mutate(random, Seeds[random.Next(Seeds.Length)]);
            if (scheme.TryParse(text, out var version))
            {
                parsed.Add(version);
            }
        }
        foreach (var version in parsed.Take(200))
        {
            Should.NotThrow(() => version.CompareTo(parsed[0]));
        }
        scheme.TryParse(new string('1', 100_000), out _).ShouldBeFalse();
        scheme.TryParse(string.Concat(Enumerable.Repeat("1-", 128)), out _);
        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(10));
    }

    private static string RandomText(Random random)
    {
        var builder = new StringBuilder();
        for (var i = random.Next(0, 40); i > 0; i--)
        {
            builder.Append(Alphabet[random.Next(Alphabet.Length)]);
        }
        return builder.ToString();
    }

    private static string Mutate(Random random, string seed)
    {
        var chars = seed.ToCharArray().ToList();
        for (var edits = random.Next(1, 4); edits > 0; edits--)
        {
            var at = random.Next(chars.Count + 1);
            switch (random.Next(3))
            {
                case 0 when at < chars.Count:
                    chars.RemoveAt(at);
                    break;
                case 1 when at < chars.Count:
                    chars[at] = Alphabet[random.Next(Alphabet.Length)];
                    break;
                default:
                    chars.Insert(at, Alphabet[random.Next(Alphabet.Length)]);
                    break;
            }
        }
        return new string([.. chars]);
    }
}
