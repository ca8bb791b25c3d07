using System.Diagnostics.CodeAnalysis;

namespace Bulwark.Scanning.Dependencies.Versions;

/// <summary>
/// A Maven version ordered like Maven's ComparableVersion (POM reference, "Version Order Specification"): tokens
/// split at <c>.</c>, <c>-</c> and digit/letter transitions, a <c>-</c> or transition opening a sub-list, trailing
/// null values (0, "", final, ga, release) trimmed at the end of each list, and a qualifier after a dot treated
/// like one after a hyphen ("1.foo" = "1-foo"). Any non-blank text is a Maven version, as in Maven itself.
/// </summary>
internal sealed class MavenVersion : PackageVersion
{
    private readonly MavenItem _items;

    private MavenVersion(string text, MavenItem items)
        : base(text)
    {
        _items = items;
        IsPrerelease = items.HasPrereleaseQualifier;
    }

    public override bool IsPrerelease { get; }

    public static bool TryParse(string text, [NotNullWhen(true)] out MavenVersion? version)
    {
        version = null;
        if (!VersionText.TryTrim(text, out var trimmed))
        {
            return false;
        }
        foreach (var c in trimmed)
        {
            if (char.IsControl(c) || char.IsWhiteSpace(c))
            {
                return false;
            }
        }
        version = new MavenVersion(text, Parse(trimmed.ToString().ToLowerInvariant()));
        return true;
    }

    public override int CompareTo(PackageVersion? other) => other switch
    {
        null => 1,
        MavenVersion that => _items.CompareTo(that._items),
        _ => throw VersionText.CrossSchemeComparison(this, other),
    };

    private static MavenItem Parse(string s)
    {
        var root = MavenItem.List();
        var lists = new List<MavenItem> { root };
        var current = root;
        var isDigit = false;
        var start = 0;

        // Opens a sub-list inside the current list; its depth is bounded by the input length.
        MavenItem Nest()
        {
            var list = MavenItem.List();
            current.Items!.Add(list);
            lists.Add(list);
            return list;
        }

        void AddToken(int end, bool followedByDigit)
        {
            if (isDigit)
            {
                current.Items!.Add(MavenItem.Number(s.AsSpan(start, end - start)));
                return;
            }
            if (current.Items!.Count > 0)
            {
                current = Nest(); // ".qualifier" orders like "-qualifier"
            }
            current.Items!.Add(MavenItem.Qualifier(s[start..end], followedByDigit));
        }

        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            if (c is '.' or '-')
            {
                if (i == start)
                {
                    current.Items!.Add(MavenItem.Number("0")); // an empty token counts as 0
                }
                else
                {
                    AddToken(i, followedByDigit: false);
                }
                start = i + 1;
                if (c == '-')
                {
                    current = Nest();
                }
            }
            else if (char.IsAsciiDigit(c) != isDigit)
            {
                if (i > start)
                {
                    AddToken(i, followedByDigit: !isDigit);
                    start = i;
                    current = Nest();
                }
                isDigit = !isDigit;
            }
        }
        if (s.Length > start)
        {
            AddToken(s.Length, followedByDigit: false);
        }
        // Innermost lists first, so an emptied sub-list is itself trimmed from its parent.
        for (var i = lists.Count - 1; i >= 0; i--)
        {
            lists[i].Normalize();
        }
        return root;
    }
}
