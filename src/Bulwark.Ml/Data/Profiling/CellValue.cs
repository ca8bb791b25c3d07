using System.Globalization;

namespace Bulwark.Ml.Data.Profiling;

internal enum CellKind : byte
{
    Missing,
    Number,
    NonFinite,
    Text,
}

/// <summary>Classifies a cell's text: a finite number, NaN/±Infinity, other text, or missing (empty or blank).</summary>
internal static class CellValue
{
    public static CellKind Parse(ReadOnlySpan<byte> text, out double value)
    {
        value = 0;
        var trimmed = text.Trim(" \t"u8);
        if (trimmed.IsEmpty)
        {
            return CellKind.Missing;
        }
        if (TryFastDecimal(trimmed, out value))
        {
            return CellKind.Number;
        }
        var first = trimmed[0];
        if ((first is >= (byte)'0' and <= (byte)'9' or (byte)'-' or (byte)'+' or (byte)'.') &&
            double.TryParse(trimmed, NumberStyles.Float, CultureInfo.InvariantCulture, out value))
        {
            return double.IsFinite(value) ? CellKind.Number : CellKind.NonFinite;
        }
        if (IsNonFiniteWord(trimmed))
        {
            value = double.NaN;
            return CellKind.NonFinite;
        }
        return CellKind.Text;
    }

    private static readonly double[] PowersOfTen = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22];

    /// <summary>
    /// Plain decimals ("-12.345") with at most 15 significant digits, the common case in CSV files: the digits as
    /// an integer divided by a power of ten is exactly what a full parser returns (Clinger's fast path: both
    /// operands are exact doubles, so the one division rounds correctly). Anything else goes to double.TryParse.
    /// </summary>
    private static bool TryFastDecimal(ReadOnlySpan<byte> text, out double value)
    {
        value = 0;
        var i = 0;
        var negative = false;
        if (text[0] is (byte)'-' or (byte)'+')
        {
            negative = text[0] == (byte)'-';
            i = 1;
        }
        long mantissa = 0;
        var digits = 0;
        var decimals = -1;
        for (; i < text.Length; i++)
        {
            var c = text[i];
            if (c is >= (byte)'0' and <= (byte)'9')
            {
                if (++digits > 15)
                {
                    return false;
                }
                mantissa = mantissa * 10 + (c - '0');
                if (decimals >= 0)
                {
                    decimals++;
                }
            }
            else if (c == (byte)'.' && decimals < 0)
            {
                decimals = 0;
            }
            else
            {
                return false;
            }
        }
        if (digits == 0)
        {
            return false;
        }
        value = decimals > 0 ? mantissa / PowersOfTen[decimals] : mantissa;
        if (negative)
        {
            value = -value;
        }
        return true;
    }

    private static bool IsNonFiniteWord(ReadOnlySpan<byte> text)
    {
        if (text.Length > 9)
        {
            return false;
        }
        if (text[0] is (byte)'-' or (byte)'+')
        {
            text = text[1..];
        }
        return text.Length > 0 && (System.Text.Ascii.EqualsIgnoreCase(text, "nan"u8) || System.Text.Ascii.EqualsIgnoreCase(text, "inf"u8) || System.Text.Ascii.EqualsIgnoreCase(text, "infinity"u8));
    }
}
