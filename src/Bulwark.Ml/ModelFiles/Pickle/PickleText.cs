using System.Globalization;
using System.Text;

namespace Bulwark.Ml.ModelFiles.Pickle;

/// <summary>Decoding of the text arguments of protocol 0 opcodes, the way CPython's C unpickler reads them.</summary>
internal static class PickleText
{
    /// <summary>
    /// INT: C <c>strtol(s, &amp;end, 0)</c> (leading blanks, sign, 0x hex, leading-0 octal), falling back to a Python
    /// integer literal on overflow. Returns false when CPython would raise.
    /// </summary>
    public static bool TryParseInt(ReadOnlySpan<byte> line, out long? value)
    {
        var text = line.TrimStart(" \t\r\f\v"u8);
        var negative = false;
        if (text.Length > 0 && (text[0] == '+' || text[0] == '-'))
        {
            negative = text[0] == '-';
            text = text[1..];
        }
        var radix = 10;
        if (text.Length > 1 && text[0] == '0' && (text[1] | 0x20) == 'x')
        {
            radix = 16;
            text = text[2..];
        }
        else if (text.Length > 1 && text[0] == '0')
        {
            radix = 8;
        }
        if (text.Length == 0)
        {
            value = radix == 10 ? null : 0;
            return radix != 10;
        }
        ulong magnitude = 0;
        var overflow = false;
        foreach (var c in text)
        {
            var digit = DigitValue(c);
            if (digit < 0 || digit >= radix)
            {
                // strtol stops at the first non-digit; only the line end may follow.
                value = null;
                return TryParsePythonInt(line, out value);
            }
            overflow |= magnitude > (ulong.MaxValue - (ulong)digit) / (ulong)radix;
            magnitude = unchecked((magnitude * (ulong)radix) + (ulong)digit);
        }
        if (overflow || magnitude > (negative ? (ulong)long.MaxValue + 1 : long.MaxValue))
        {
            return TryParsePythonInt(line, out value);
        }
        value = negative ? unchecked(-(long)magnitude) : (long)magnitude;
        return true;
    }

    /// <summary>LONG (and INT's fallback): Python's <c>int(text, 0)</c>: prefixes 0x/0o/0b, underscores, no leading zeros.</summary>
    public static bool TryParsePythonInt(ReadOnlySpan<byte> line, out long? value)
    {
        value = null;
        var text = Encoding.Latin1.GetString(line).Trim().Replace("_", "", StringComparison.Ordinal);
        var negative = text.StartsWith('-');
        if (text.Length > 0 && (text[0] == '-' || text[0] == '+'))
        {
            text = text[1..];
        }
        var radix = 10;
        if (text.Length > 1 && text[0] == '0' && char.ToLowerInvariant(text[1]) is 'x' or 'o' or 'b')
        {
            radix = char.ToLowerInvariant(text[1]) switch { 'x' => 16, 'o' => 8, _ => 2 };
            text = text[2..];
        }
        else if (text.Length > 1 && text[0] == '0' && text.AsSpan().ContainsAnyExcept('0'))
        {
            return false;
        }
        if (text.Length == 0)
        {
            return false;
        }
        long result = 0;
        var fits = true;
        foreach (var c in text)
        {
            var digit = c < 128 ? DigitValue((byte)c) : -1;
            if (digit < 0 || digit >= radix)
            {
                return false;
            }
            fits &= result <= (long.MaxValue - digit) / radix;
            result = unchecked((result * radix) + digit);
        }
        value = fits ? (negative ? -result : result) : null;
        return true;
    }

    public static bool TryParseFloat(ReadOnlySpan<byte> line, out double value) =>
        double.TryParse(Encoding.Latin1.GetString(line).Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out value);

    /// <summary>STRING: a quoted Python bytes literal; false when CPython rejects the quoting.</summary>
    public static bool TryDecodeQuoted(ReadOnlySpan<byte> line, out string text)
    {
        text = "";
        if (line.Length < 2 || line[0] != line[^1] || (line[0] != '\'' && line[0] != '"'))
        {
            return false;
        }
        var body = line[1..^1];
        var builder = new StringBuilder(body.Length);
        for (var i = 0; i < body.Length; i++)
        {
            var c = body[i];
            if (c != '\\' || i + 1 >= body.Length)
            {
                builder.Append((char)c);
                continue;
            }
            var next = body[++i];
            switch (next)
            {
                case (byte)'n': builder.Append('\n'); break;
                case (byte)'t': builder.Append('\t'); break;
                case (byte)'r': builder.Append('\r'); break;
                case (byte)'a': builder.Append('\a'); break;
                case (byte)'b': builder.Append('\b'); break;
                case (byte)'f': builder.Append('\f'); break;
                case (byte)'v': builder.Append('\v'); break;
                case (byte)'\n': break;
                case (byte)'\\' or (byte)'\'' or (byte)'"': builder.Append((char)next); break;
                case (byte)'x' when i + 2 < body.Length && DigitValue(body[i + 1]) is >= 0 and < 16 && DigitValue(body[i + 2]) is >= 0 and < 16:
                    builder.Append((char)((DigitValue(body[i + 1]) * 16) + DigitValue(body[i + 2])));
                    i += 2;
                    break;
                case >= (byte)'0' and <= (byte)'7':
                    var octal = next - '0';
                    for (var k = 0; k < 2 && i + 1 < body.Length && body[i + 1] is >= (byte)'0' and <= (byte)'7'; k++)
                    {
                        octal = (octal * 8) + (body[++i] - '0');
                    }
                    builder.Append((char)(octal & 0xFF));
                    break;
                default: builder.Append('\\').Append((char)next); break;
            }
        }
        text = builder.ToString();
        return true;
    }

    /// <summary>UNICODE: raw-unicode-escape (\uXXXX and \UXXXXXXXX; every other byte is Latin-1).</summary>
    public static string DecodeRawUnicodeEscape(ReadOnlySpan<byte> line)
    {
        var builder = new StringBuilder(line.Length);
        for (var i = 0; i < line.Length; i++)
        {
            var width = line[i] == '\\' && i + 1 < line.Length ? line[i + 1] switch { (byte)'u' => 4, (byte)'U' => 8, _ => 0 } : 0;
            if (width > 0 && i + 1 + width < line.Length && TryHex(line.Slice(i + 2, width), out var code) && code <= 0x10FFFF)
            {
                builder.Append(char.ConvertFromUtf32(code is >= 0xD800 and <= 0xDFFF ? 0xFFFD : code));
                i += 1 + width;
                continue;
            }
            builder.Append((char)line[i]);
        }
        return builder.ToString();
    }

    private static bool TryHex(ReadOnlySpan<byte> digits, out int value)
    {
        value = 0;
        foreach (var d in digits)
        {
            var digit = DigitValue(d);
            if (digit is < 0 or >= 16)
            {
                return false;
            }
            value = (value * 16) + digit;
        }
        return true;
    }

    private static int DigitValue(byte c) => c switch
    {
        >= (byte)'0' and <= (byte)'9' => c - '0',
        >= (byte)'a' and <= (byte)'z' => c - 'a' + 10,
        >= (byte)'A' and <= (byte)'Z' => c - 'A' + 10,
        _ => -1,
    };
}
