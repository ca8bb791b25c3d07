namespace Bulwark.Scanning.Dependencies.Versions;

/// <summary>
/// One node of a parsed Maven version: a number, a qualifier, or a sub-list (what follows a <c>-</c> or a
/// digit/letter transition). Ordering follows Maven's ComparableVersion as documented in the POM reference's
/// "Version Order Specification".
/// </summary>
internal sealed class MavenItem
{
    /// <summary>Rank of the release qualifier ("", "ga", "final", "release"), the "null" qualifier.</summary>
    private const int ReleaseRank = 5;

    /// <summary>Known qualifiers in order; unknown ones rank after all of them, ordered lexically among themselves.</summary>
    private static readonly string[] KnownQualifiers = ["alpha", "beta", "milestone", "rc", "snapshot", "", "sp"];

    private MavenItem(MavenItemKind kind, string value, int rank, List<MavenItem>? items)
    {
        Kind = kind;
        Value = value;
        Rank = rank;
        Items = items;
    }

    public MavenItemKind Kind { get; }

    /// <summary>Canonical digits for a number, the aliased lower-case qualifier for a qualifier.</summary>
    public string Value { get; }

    private int Rank { get; }

    public List<MavenItem>? Items { get; }

    /// <summary>True for the values trimmed from the end of a list: 0, the release qualifier, an empty list.</summary>
    public bool IsNull => Kind switch
    {
        MavenItemKind.Number => NumericText.IsZero(Value),
        MavenItemKind.Qualifier => Rank == ReleaseRank,
        _ => Items!.Count == 0,
    };

    /// <summary>True when this qualifier (or one inside this list) sorts below a release: alpha … snapshot.</summary>
    public bool HasPrereleaseQualifier => Kind switch
    {
        MavenItemKind.Qualifier => Rank < ReleaseRank,
        MavenItemKind.List => Items!.Exists(static item => item.HasPrereleaseQualifier),
        _ => false,
    };

    public static MavenItem Number(ReadOnlySpan<char> digits) => new(MavenItemKind.Number, NumericText.Canonical(digits), 0, null);

    public static MavenItem List() => new(MavenItemKind.List, "", 0, []);

    /// <summary>A qualifier from lower-cased text; a, b and m directly followed by a number mean alpha, beta, milestone.</summary>
    public static MavenItem Qualifier(string text, bool followedByDigit)
    {
        var value = (text, followedByDigit) switch
        {
            ("a", true) => "alpha",
            ("b", true) => "beta",
            ("m", true) => "milestone",
            ("cr", _) => "rc",
            ("ga" or "final" or "release", _) => "",
            _ => text,
        };
        var rank = Array.IndexOf(KnownQualifiers, value);
        return new MavenItem(MavenItemKind.Qualifier, value, rank < 0 ? KnownQualifiers.Length : rank, null);
    }

    /// <summary>
    /// Removes trailing null items, looking past trailing sub-lists (the specification's trimming "at each
    /// remaining hyphen"). A list left holding only a sub-list takes over its items: "1-ga-rc" trims to "1-rc",
    /// as the specification's flat token model says. Maven's own ComparableVersion keeps the extra nesting, which
    /// makes its order non-transitive ("1-ga-rc" &lt; "1" &lt; "1-foo" yet "1-ga-rc" &gt; "1-foo").
    /// </summary>
    public void Normalize()
    {
        var items = Items!;
        for (var i = items.Count - 1; i >= 0; i--)
        {
            if (items[i].IsNull)
            {
                items.RemoveAt(i);
            }
            else if (items[i].Kind != MavenItemKind.List)
            {
                break;
            }
        }
        if (items.Count == 1 && items[0].Kind == MavenItemKind.List)
        {
            var only = items[0].Items!;
            items.Clear();
            items.AddRange(only);
        }
    }

    /// <summary>Compares with <paramref name="other"/>; null stands for the padding of a shorter list.</summary>
    public int CompareTo(MavenItem? other) => Kind switch
    {
        MavenItemKind.Number => other?.Kind switch
        {
            null => IsNull ? 0 : 1,
            MavenItemKind.Number => NumericText.Compare(Value, other.Value),
            _ => 1, // 1.1 > 1-sp, 1.1 > 1-1
        },
        MavenItemKind.Qualifier => other?.Kind switch
        {
            null => Rank.CompareTo(ReleaseRank),
            MavenItemKind.Qualifier => CompareQualifiers(other),
            _ => -1, // 1-sp < 1.1, 1.foo < 1-1
        },
        _ => other?.Kind switch
        {
            null => CompareListWithPadding(),
            MavenItemKind.Number => -1, // 1-1 < 1.1
            MavenItemKind.Qualifier => 1, // 1-1 > 1-sp
            _ => CompareLists(other),
        },
    };

    private int CompareQualifiers(MavenItem other)
    {
        var result = Rank.CompareTo(other.Rank);
        return result != 0 ? result : Math.Sign(string.CompareOrdinal(Value, other.Value));
    }

    private int CompareListWithPadding()
    {
        foreach (var item in Items!)
        {
            var result = item.CompareTo(null);
            if (result != 0)
            {
                return result;
            }
        }
        return 0;
    }

    private int CompareLists(MavenItem other)
    {
        var left = Items!;
        var right = other.Items!;
        for (var i = 0; i < Math.Max(left.Count, right.Count); i++)
        {
            var result = i < left.Count
                ? left[i].CompareTo(i < right.Count ? right[i] : null)
                : -right[i].CompareTo(null);
            if (result != 0)
            {
                return result;
            }
        }
        return 0;
    }
}
