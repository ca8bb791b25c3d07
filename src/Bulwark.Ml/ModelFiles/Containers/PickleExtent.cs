using System.Buffers.Binary;

namespace Bulwark.Ml.ModelFiles.Containers;

/// <summary>
/// Finds where one pickle ends (just after its STOP opcode) by walking opcodes and skipping their arguments,
/// without interpreting anything: enough to cut a stack of pickles (legacy PyTorch files) into pieces and to
/// stop before raw tensor bytes. Any unknown opcode, overlong line or argument past the end means "not a pickle".
/// </summary>
internal static class PickleExtent
{
    private const int MaxLineBytes = 64 * 1024;

    /// <summary>The offset just after the STOP of the pickle starting at <paramref name="start"/>, or -1.</summary>
    public static long Measure(Stream stream, long start, long maxBytes, int maxOpcodes)
    {
        var length = Math.Min(stream.Length - start, maxBytes);
        if (length <= 0)
        {
            return -1;
        }
        using var reader = new BufferedStream(new WindowStream(stream, start, length), 16 * 1024);
        Span<byte> wide = stackalloc byte[8];
        for (var count = 0; count < maxOpcodes; count++)
        {
            var opcode = reader.ReadByte();
            if (opcode < 0)
            {
                return -1;
            }
            long skip = opcode switch
            {
                '.' => -2,
                '(' or ')' or '0' or '1' or '2' or 'N' or 'Q' or 'R' or 'a' or 'b' or 'd' or '}' or 'e' or 'l' or ']'
                    or 'o' or 's' or 'u' or 't' or 0x81 or 0x85 or 0x86 or 0x87 or 0x88 or 0x89 or 0x90 or 0x91 or 0x92
                    or 0x93 or 0x94 or 0x97 or 0x98 => 0,
                'K' or 'h' or 'q' or 0x80 or 0x82 => 1,
                'M' or 0x83 => 2,
                'J' or 'j' or 'r' or 0x84 => 4,
                'G' or 0x95 => 8,
                'U' or 'C' or 0x8C or 0x8A => ReadLength(reader, wide[..1]),
                'T' or 'X' or 'B' or 0x8B => ReadLength(reader, wide[..4]),
                0x8D or 0x8E or 0x96 => ReadLength(reader, wide),
                'I' or 'L' or 'S' or 'V' or 'F' or 'P' or 'g' or 'p' => SkipLines(reader, 1),
                'c' or 'i' => SkipLines(reader, 2),
                _ => -1,
            };
            if (skip == -2)
            {
                return start + reader.Position;
            }
            if (skip < 0 || skip > length - reader.Position)
            {
                return -1;
            }
            reader.Seek(skip, SeekOrigin.Current);
        }
        return -1;
    }

    /// <summary>Reads a little-endian length of 1, 4 or 8 bytes; -1 at the end or when it is negative.</summary>
    private static long ReadLength(Stream reader, Span<byte> field)
    {
        if (reader.ReadAtLeast(field, field.Length, throwOnEndOfStream: false) != field.Length)
        {
            return -1;
        }
        return field.Length switch
        {
            1 => field[0],
            4 => BinaryPrimitives.ReadUInt32LittleEndian(field),
            _ => BinaryPrimitives.ReadInt64LittleEndian(field),
        };
    }

    /// <summary>Skips newline-terminated argument lines (protocol 0); -1 when a line is missing or too long.</summary>
    private static long SkipLines(Stream reader, int lines)
    {
        for (var line = 0; line < lines; line++)
        {
            var read = 0;
            int b;
            while ((b = reader.ReadByte()) != '\n')
            {
                if (b < 0 || ++read > MaxLineBytes)
                {
                    return -1;
                }
            }
        }
        return 0;
    }
}
