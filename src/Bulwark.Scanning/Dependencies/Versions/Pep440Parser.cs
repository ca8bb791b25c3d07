using System.Diagnostics.CodeAnalysis;

namespace Bulwark.Scanning.Dependencies.Versions;

/// <summary>
/// Hand-written parser for PEP 440's permissive input form: case-insensitive, optional leading <c>v</c>, the
/// alternative spellings and separators of pre-, post- and dev-release parts, implicit numbers, <c>-N</c> as
/// post-release, and local labels. Anything else is rejected (never an exception).
/// </summary>
internal static class Pep440Parser
{
    // Longer spellings first, so "alpha" is not read as "a" followed by garbage, nor "preview" as "pre".
    private static readonly (string Spelling, Pep440PreKind Kind)[] PreSpellings =
    [
        ("alpha", Pep440PreKind.Alpha), ("beta", Pep440PreKind.Beta), ("preview", Pep440PreKind.ReleaseCandidate),
        ("pre", Pep440PreKind.ReleaseCandidate), ("rc", Pep440PreKind.ReleaseCandidate),
        ("a", Pep440PreKind.Alpha), ("b", Pep440PreKind.Beta), ("c", Pep440PreKind.ReleaseCandidate),
    ];

    private static readonly string[] PostSpellings = ["post", "rev", "r"];

    private static readonly string[] DevSpellings = ["dev"];

    public static bool TryParse(string text, [NotNullWhen(true)] out Pep440Version? version)
    {
        version = null;
        if (!VersionText.TryTrim(text, out var s))
        {
            return false;
        }
        var i = s[0] is 'v' or 'V' ? 1 : 0;
        if (!TryReadDigits(s, ref i, out var first))
        {
            return false;
        }
        var epoch = "0";
        if (i < s.Length && s[i] == '!')
        {
            epoch = first;
            i++;
            if (!TryReadDigits(s, ref i, out first))
            {
                return false;
            }
        }
        var release = new List<string> { first };
        while (i + 1 < s.Length && s[i] == '.' && char.IsAsciiDigit(s[i + 1]))
        {
            i++;
            TryReadDigits(s, ref i, out var component);
            release.Add(component);
        }

        (Pep440PreKind, string)? pre = null;
        var preIndex = TryReadLabel(s, ref i, PreSpellings.AsSpan(), static p => p.Spelling, out var preNumber);
        if (preIndex >= 0)
        {
            pre = (PreSpellings[preIndex].Kind, preNumber);
        }

        string? post = null;
        if (i + 1 < s.Length && s[i] == '-' && char.IsAsciiDigit(s[i + 1]))
        {
            i++;
            TryReadDigits(s, ref i, out post);
        }
        else if (TryReadLabel(s, ref i, PostSpellings.AsSpan(), static p => p, out var postNumber) >= 0)
        {
            post = postNumber;
        }

        string? dev = TryReadLabel(s, ref i, DevSpellings.AsSpan(), static p => p, out var devNumber) >= 0 ? devNumber : null;

        List<string>? local = null;
        if (i < s.Length && s[i] == '+' && !TryReadLocal(s, ref i, out local))
        {
            return false;
        }
        if (i != s.Length)
        {
            return false;
        }
        version = new Pep440Version(text, epoch, release, pre, post, dev, local);
        return true;
    }

    private static bool TryReadDigits(ReadOnlySpan<char> s, ref int i, out string number)
    {
        var start = i;
        while (i < s.Length && char.IsAsciiDigit(s[i]))
        {
            i++;
        }
        number = NumericText.Canonical(s[start..i]);
        return i > start;
    }

    private static bool IsSeparator(char c) => c is '.' or '-' or '_';

    /// <summary>
    /// Reads <c>[sep]label[sep][number]</c> at <paramref name="i"/>; returns the index of the matched spelling and
    /// the number (implicitly 0), or -1 with <paramref name="i"/> unchanged when no spelling matches.
    /// </summary>
    private static int TryReadLabel<T>(ReadOnlySpan<char> s, ref int i, ReadOnlySpan<T> spellings, Func<T, string> spelling, out string number)
    {
        number = "0";
        var j = i < s.Length && IsSeparator(s[i]) ? i + 1 : i;
        for (var k = 0; k < spellings.Length; k++)
        {
            var label = spelling(spellings[k]);
            if (!s[j..].StartsWith(label, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }
            j += label.Length;
            // A separator belongs to the number only when a number follows it.
            if (j + 1 < s.Length && IsSeparator(s[j]) && char.IsAsciiDigit(s[j + 1]))
            {
                j++;
            }
            if (j < s.Length && char.IsAsciiDigit(s[j]))
            {
                TryReadDigits(s, ref j, out number);
            }
            i = j;
            return k;
        }
        return -1;
    }

    private static bool TryReadLocal(ReadOnlySpan<char> s, ref int i, out List<string>? segments)
    {
        segments = [];
        i++;
        while (true)
        {
            var start = i;
            while (i < s.Length && char.IsAsciiLetterOrDigit(s[i]))
            {
                i++;
            }
            if (i == start)
            {
                return false;
            }
            var segment = s[start..i];
            segments.Add(NumericText.IsDigits(segment) ? NumericText.Canonical(segment) : segment.ToString().ToLowerInvariant());
            if (i == s.Length)
            {
                return true;
            }
            if (!IsSeparator(s[i]))
            {
                return false;
            }
            i++;
        }
    }
}
