using System.Buffers;
using System.Diagnostics.CodeAnalysis;

namespace Bulwark.Scanning.Dependencies.Versions;

/// <summary>
/// The parsed parts of a strict SemVer 2.0 version (https://semver.org), shared by the SemVer and Go schemes.
/// Build metadata is kept for display but never affects precedence (§10).
/// </summary>
internal sealed class SemVerCore
{
    /// <summary>The characters SemVer allows in pre-release and build identifiers: [0-9A-Za-z-].</summary>
    private static readonly SearchValues<char> IdentifierCharacters =
        SearchValues.Create("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-");

    private SemVerCore(string major, string minor, string patch, string[] prerelease, string? build)
    {
        Major = major;
        Minor = minor;
        Patch = patch;
        Prerelease = prerelease;
        Build = build;
    }

    public string Major { get; }

    public string Minor { get; }

    public string Patch { get; }

    /// <summary>Dot-separated pre-release identifiers; empty for a release.</summary>
    public IReadOnlyList<string> Prerelease { get; }

    public string? Build { get; }

    /// <summary>Parses exactly <c>major.minor.patch[-pre][+build]</c>; no prefix, no whitespace.</summary>
    public static bool TryParse(ReadOnlySpan<char> s, [NotNullWhen(true)] out SemVerCore? core)
    {
        core = null;
        var i = 0;
        if (!TryReadNumber(s, ref i, out var major) || !TryReadDot(s, ref i)
            || !TryReadNumber(s, ref i, out var minor) || !TryReadDot(s, ref i)
            || !TryReadNumber(s, ref i, out var patch))
        {
            return false;
        }
        var prerelease = Array.Empty<string>();
        if (i < s.Length && s[i] == '-')
        {
            var end = s[i..].IndexOf('+') is var plus and >= 0 ? i + plus : s.Length;
            if (!TrySplitIdentifiers(s[(i + 1)..end], numericRules: true, out prerelease))
            {
                return false;
            }
            i = end;
        }
        string? build = null;
        if (i < s.Length && s[i] == '+')
        {
            if (!TrySplitIdentifiers(s[(i + 1)..], numericRules: false, out _))
            {
                return false;
            }
            build = s[(i + 1)..].ToString();
            i = s.Length;
        }
        if (i != s.Length)
        {
            return false;
        }
        core = new SemVerCore(major, minor, patch, prerelease, build);
        return true;
    }

    /// <summary>Precedence per SemVer §11.</summary>
    public int CompareTo(SemVerCore other)
    {
        var result = NumericText.Compare(Major, other.Major);
        result = result != 0 ? result : NumericText.Compare(Minor, other.Minor);
        result = result != 0 ? result : NumericText.Compare(Patch, other.Patch);
        if (result != 0)
        {
            return result;
        }
        // A release has higher precedence than any of its pre-releases.
        if (Prerelease.Count == 0 || other.Prerelease.Count == 0)
        {
            return other.Prerelease.Count.CompareTo(0) - Prerelease.Count.CompareTo(0);
        }
        for (var i = 0; i < Math.Min(Prerelease.Count, other.Prerelease.Count); i++)
        {
            result = CompareIdentifier(Prerelease[i], other.Prerelease[i]);
            if (result != 0)
            {
                return result;
            }
        }
        return Prerelease.Count.CompareTo(other.Prerelease.Count);
    }

    private static int CompareIdentifier(string left, string right)
    {
        var leftNumeric = NumericText.IsDigits(left);
        var rightNumeric = NumericText.IsDigits(right);
        if (leftNumeric && rightNumeric)
        {
            return NumericText.Compare(left, right);
        }
        // Numeric identifiers always have lower precedence than alphanumeric ones.
        return leftNumeric != rightNumeric ? (leftNumeric ? -1 : 1) : Math.Sign(string.CompareOrdinal(left, right));
    }

    private static bool TryReadDot(ReadOnlySpan<char> s, ref int i)
    {
        if (i < s.Length && s[i] == '.')
        {
            i++;
            return true;
        }
        return false;
    }

    private static bool TryReadNumber(ReadOnlySpan<char> s, ref int i, out string number)
    {
        var start = i;
        while (i < s.Length && char.IsAsciiDigit(s[i]))
        {
            i++;
        }
        number = s[start..i].ToString();
        // Numeric identifiers must not have leading zeros.
        return i > start && (number.Length == 1 || number[0] != '0');
    }

    private static bool TrySplitIdentifiers(ReadOnlySpan<char> s, bool numericRules, out string[] identifiers)
    {
        identifiers = [];
        var parts = new List<string>();
        foreach (var range in s.Split('.'))
        {
            var part = s[range];
            if (part.IsEmpty || part.ContainsAnyExcept(IdentifierCharacters))
            {
                return false;
            }
            if (numericRules && part.Length > 1 && part[0] == '0' && NumericText.IsDigits(part))
            {
                return false;
            }
            parts.Add(part.ToString());
        }
        identifiers = [.. parts];
        return true;
    }
}
