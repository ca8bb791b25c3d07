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
