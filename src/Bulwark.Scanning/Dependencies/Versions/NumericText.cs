namespace Bulwark.Scanning.Dependencies.Versions;

/// <summary>
/// Compares runs of ASCII digits as unbounded non-negative integers without converting them, so a date-sized
/// (or absurdly long) version component neither overflows nor needs BigInteger.
/// </summary>
internal static class NumericText
{
    /// <summary>The digits without leading zeros; "0" when all are zeros.</summary>
    public static string Canonical(ReadOnlySpan<char> digits)
    {
        var start = 0;
        while (start < digits.Length - 1 && digits[start] == '0')
        {
            start++;
        }
        return digits.Length == 0 ? "0" : new string(digits[start..]);
    }

    /// <summary>Compares two canonical digit strings (see <see cref="Canonical"/>) numerically.</summary>
    public static int Compare(string left, string right) =>
        left.Length != right.Length
            ? left.Length.CompareTo(right.Length)
            : Math.Sign(string.CompareOrdinal(left, right));

    public static bool IsZero(string canonical) => canonical is "0";

    public static bool IsDigits(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty)
        {
            return false;
        }
        foreach (var c in text)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }
        return true;
    }
}
