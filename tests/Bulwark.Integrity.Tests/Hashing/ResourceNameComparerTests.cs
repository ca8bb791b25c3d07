using Bulwark.Integrity.Hashing;
using CsCheck;

namespace Bulwark.Integrity.Tests.Hashing;

public sealed class ResourceNameComparerTests
{
    /// <summary>The reference order: lists of components, each compared by Unicode code point (Python str order).</summary>
    private static int ComponentOrder(string x, string y)
    {
        var a = x.Split('/');
        var b = y.Split('/');
        for (var i = 0; i < Math.Min(a.Length, b.Length); i++)
        {
            var byCodePoint = CodePoints(a[i]).AsSpan().SequenceCompareTo(CodePoints(b[i]));
            if (byCodePoint != 0)
            {
                return byCodePoint;
            }
        }
        return a.Length.CompareTo(b.Length);
    }

    private static int[] CodePoints(string s) => [.. s.EnumerateRunes().Select(r => r.Value)];

    [Fact]
    public void Order_equals_component_wise_code_point_order()
    {
        var segment = Gen.OneOf<string>("a", "a-b", "a.b", "A", "z", "é", "\uFB01", "\U0001F600", "0", "a b");
        var path = segment.Array[1, 4].Select(parts => string.Join('/', parts));
        Gen.Select(path, path).Sample((x, y) =>
            Math.Sign(ResourceNameComparer.Instance.Compare(x, y)) == Math.Sign(ComponentOrder(x, y)));
    }

    [Fact]
    public void Astral_characters_sort_after_the_last_bmp_characters()
    {
        ResourceNameComparer.Instance.Compare("\U0001F600", "\uFB01").ShouldBePositive();
        string.CompareOrdinal("\U0001F600", "\uFB01").ShouldBeNegative();
    }
}
