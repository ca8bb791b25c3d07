using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace Bulwark.Scanning.Dependencies.Versions;

/// <summary>
/// A PEP 440 version (https://packaging.python.org/en/latest/specifications/version-specifiers/). All numbers are
/// canonical digit strings (see <see cref="NumericText"/>); local segments are lower-cased, numeric ones canonical.
/// </summary>
internal sealed class Pep440Version : PackageVersion
{
    internal Pep440Version(
        string text,
        string epoch,
        IReadOnlyList<string> release,
        (Pep440PreKind Kind, string Number)? pre,
        string? post,
        string? dev,
        IReadOnlyList<string>? local)
        : base(text)
    {
        Epoch = epoch;
        Release = release;
        Pre = pre;
        Post = post;
        Dev = dev;
        Local = local;
        Normalized = Normalize();
    }

    public string Epoch { get; }

    public IReadOnlyList<string> Release { get; }

    public (Pep440PreKind Kind, string Number)? Pre { get; }

    public string? Post { get; }

    public string? Dev { get; }

    /// <summary>The local version label's segments (<c>+ubuntu.1</c> → ["ubuntu", "1"]), or null without one.</summary>
    public IReadOnlyList<string>? Local { get; }

    /// <summary>The canonical spelling PEP 440 defines, e.g. "v1.0-ALPHA.1" → "1.0a1", "1.0-1" → "1.0.post1".</summary>
    public string Normalized { get; }

    public override bool IsPrerelease => Pre is not null || Dev is not null;

    public static bool TryParse(string text, [NotNullWhen(true)] out Pep440Version? version) => Pep440Parser.TryParse(text, out version);

    public override int CompareTo(PackageVersion? other)
    {
        if (other is null)
        {
            return 1;
        }
        if (other is not Pep440Version that)
        {
            throw VersionText.CrossSchemeComparison(this, other);
        }
        var result = NumericText.Compare(Epoch, that.Epoch);
        if (result == 0)
        {
            result = CompareRelease(Release, that.Release);
        }
        if (result == 0)
        {
            result = PreRank().CompareTo(that.PreRank());
        }
        if (result == 0 && Pre is { } mine && that.Pre is { } theirs)
        {
            result = NumericText.Compare(mine.Number, theirs.Number);
        }
        if (result == 0)
        {
            // No post-release sorts before any post-release; no dev release sorts after any dev release.
            result = CompareOptional(Post, that.Post, missingFirst: true);
        }
        if (result == 0)
        {
            result = CompareOptional(Dev, that.Dev, missingFirst: false);
        }
        return result == 0 ? CompareLocal(Local, that.Local) : result;
    }

    /// <summary>
    /// Where the pre-release part sorts: a bare dev release (1.0.dev1) sorts before every pre-release of its
    /// release, pre-releases by kind, and "no pre-release" after them all.
    /// </summary>
    private int PreRank() => Pre switch
    {
        { } pre => (int)pre.Kind,
        null when Post is null && Dev is not null => -1,
        _ => int.MaxValue,
    };

    private static int CompareRelease(IReadOnlyList<string> left, IReadOnlyList<string> right)
    {
        // Trailing zeros are insignificant: a missing component compares as 0.
        for (var i = 0; i < Math.Max(left.Count, right.Count); i++)
        {
            var result = NumericText.Compare(i < left.Count ? left[i] : "0", i < right.Count ? right[i] : "0");
            if (result != 0)
            {
                return result;
            }
        }
        return 0;
    }

    private static int CompareOptional(string? left, string? right, bool missingFirst) => (left, right) switch
    {
        (null, null) => 0,
        (null, _) => missingFirst ? -1 : 1,
        (_, null) => missingFirst ? 1 : -1,
        _ => NumericText.Compare(left, right),
    };

    private static int CompareLocal(IReadOnlyList<string>? left, IReadOnlyList<string>? right)
    {
        if (left is null || right is null)
        {
            return (left is null ? 0 : 1) - (right is null ? 0 : 1);
        }
        for (var i = 0; i < Math.Min(left.Count, right.Count); i++)
        {
            var leftNumeric = NumericText.IsDigits(left[i]);
            var rightNumeric = NumericText.IsDigits(right[i]);
            var result = leftNumeric != rightNumeric
                ? (leftNumeric ? 1 : -1)
                : leftNumeric ? NumericText.Compare(left[i], right[i]) : Math.Sign(string.CompareOrdinal(left[i], right[i]));
            if (result != 0)
            {
                return result;
            }
        }
        return left.Count.CompareTo(right.Count);
    }

    private string Normalize()
    {
        var builder = new StringBuilder(Text.Length + 8);
        if (!NumericText.IsZero(Epoch))
        {
            builder.Append(Epoch).Append('!');
        }
        builder.AppendJoin('.', Release);
        if (Pre is { } pre)
        {
            builder.Append(pre.Kind switch
            {
                Pep440PreKind.Alpha => "a",
                Pep440PreKind.Beta => "b",
                _ => "rc",
            }).Append(pre.Number);
        }
        if (Post is not null)
        {
            builder.Append(".post").Append(Post);
        }
        if (Dev is not null)
        {
            builder.Append(".dev").Append(Dev);
        }
        if (Local is not null)
        {
            builder.Append('+').AppendJoin('.', Local);
        }
        return builder.ToString();
    }
}
