using System.Text;

namespace Bulwark.Ml.ModelFiles.Containers;

/// <summary>One 512-byte tar header (v7, ustar or GNU): fields are NUL-padded text, numbers octal or GNU base-256.</summary>
internal readonly ref struct TarHeader(ReadOnlySpan<byte> block)
{
    public const int BlockSize = 512;

    private readonly ReadOnlySpan<byte> _block = block;

    public bool IsZeroBlock => !_block.ContainsAnyExcept((byte)0);

    public bool IsUstar => _block.Slice(257, 5).SequenceEqual("ustar"u8);

    public char Type => (char)_block[156];

    public string Name
    {
        get
        {
            var name = Text(_block[..100]);
            var prefix = IsUstar ? Text(_block.Slice(345, 155)) : "";
            return prefix.Length > 0 && _block[262] == 0 ? $"{prefix}/{name}" : name;
        }
    }

    public string LinkName => Text(_block.Slice(157, 100));

    /// <summary>The member size, or -1 when the field is not a number.</summary>
    public long Size => Number(_block.Slice(124, 12));

    /// <summary>True when the stored checksum equals the byte sum with the checksum field read as spaces (unsigned or signed, as tar accepts both).</summary>
    public bool ChecksumValid
    {
        get
        {
            var stored = Number(_block.Slice(148, 8));
            long unsigned = 0, signed = 0;
            for (var i = 0; i < BlockSize; i++)
            {
                var b = i is >= 148 and < 156 ? (byte)' ' : _block[i];
                unsigned += b;
                signed += (sbyte)b;
            }
            return stored >= 0 && (stored == unsigned || stored == signed);
        }
    }

    private static string Text(ReadOnlySpan<byte> field)
    {
        var end = field.IndexOf((byte)0);
        return Encoding.UTF8.GetString(end < 0 ? field : field[..end]);
    }

    /// <summary>Octal digits (leading spaces, NUL or space terminated) or GNU base-256 (high bit set); -1 when neither.</summary>
    private static long Number(ReadOnlySpan<byte> field)
    {
        if ((field[0] & 0x80) != 0)
        {
            // Base-256: big-endian, the top bit marks it, the next is the sign (negative sizes are nonsense here).
            if ((field[0] & 0x40) != 0)
            {
                return -1;
            }
            long wide = field[0] & 0x3F;
            foreach (var b in field[1..])
            {
                if (wide > (long.MaxValue >> 8))
                {
                    return -1;
                }
                wide = (wide << 8) | b;
            }
            return wide;
        }
        var text = field.TrimStart((byte)' ');
        long value = 0;
        var digits = 0;
        foreach (var b in text)
        {
            if (b is 0 or (byte)' ')
            {
                break;
            }
            if (b is < (byte)'0' or > (byte)'7' || ++digits > 21)
            {
                return -1;
            }
            value = (value << 3) | (uint)(b - '0');
        }
        return digits == 0 ? -1 : value;
    }
}
