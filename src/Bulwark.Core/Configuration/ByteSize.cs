using System.Globalization;

namespace Bulwark.Core.Configuration;

/// <summary>Parses sizes such as <c>1048576</c>, <c>512KB</c>, <c>50MB</c>, <c>2GiB</c> (powers of 1024).</summary>
public static class ByteSize
{
    public static bool TryParse(string? text, out long bytes)
    {
        bytes = 0;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }
        var span = text.Trim().ToUpperInvariant().AsSpan();
        var end = 0;
        while (end < span.Length && (char.IsAsciiDigit(span[end]) || span[end] == '.'))
        {
            end++;
        }
        if (end == 0 || !double.TryParse(span[..end], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
        {
            return false;
        }
        long multiplier = span[end..].Trim() switch
        {
            "" or "B" => 1,
            "K" or "KB" or "KIB" => 1L << 10,
            "M" or "MB" or "MIB" => 1L << 20,
            "G" or "GB" or "GIB" => 1L << 30,
            "T" or "TB" or "TIB" => 1L << 40,
            _ => -1,
        };
        if (multiplier < 0 || number * multiplier > long.MaxValue)
        {
            return false;
        }
        bytes = (long)(number * multiplier);
        return true;
    }
}
