using System.Buffers.Binary;
using System.Text;

namespace Bulwark.Ml.ModelFiles.Gguf;

/// <summary>
/// Sequential little-endian reads over a GGUF header with a byte budget (the metadata limit, and the file length
/// when known). Running out of either throws <see cref="GgufStructureException"/>, which the format turns into a
/// finding: the parse is a straight line of reads, and one catch at its boundary keeps it readable.
/// </summary>
internal sealed class GgufReader(Stream stream, long budget)
{
    private readonly Stream _stream = new BufferedStream(stream, 64 * 1024);
    private readonly byte[] _scratch = new byte[8];

    public long Position { get; private set; }

    /// <summary>String lengths are 32-bit in GGUF version 1, 64-bit after.</summary>
    public bool NarrowLengths { get; init; }

    public long Remaining => budget - Position;

    public byte U8() => Fill(1)[0];

    public uint U32() => BinaryPrimitives.ReadUInt32LittleEndian(Fill(4));

    public ulong U64() => BinaryPrimitives.ReadUInt64LittleEndian(Fill(8));

    /// <summary>A count or length field: 32-bit in version 1, 64-bit after.</summary>
    public ulong Count() => NarrowLengths ? U32() : U64();

    /// <summary>A GGUF string, decoded when it fits <paramref name="keep"/> bytes, skipped (returning null) otherwise.</summary>
    public string? String(int keep)
    {
        var length = Count();
        if (length > (ulong)Remaining)
        {
            throw new GgufStructureException($"a string of {length} bytes runs past the end");
        }
        if (length > (ulong)keep)
        {
            Skip((long)length);
            return null;
        }
        var bytes = new byte[(int)length];
        Read(bytes);
        return Encoding.UTF8.GetString(bytes);
    }

    public void Skip(long count)
    {
        if (count < 0 || count > Remaining)
        {
            throw new GgufStructureException($"{count} bytes run past the end");
        }
        if (_stream.CanSeek)
        {
            _stream.Seek(count, SeekOrigin.Current);
        }
        else
        {
            var buffer = new byte[(int)Math.Min(count, 81920)];
            for (var left = count; left > 0;)
            {
                var read = _stream.Read(buffer, 0, (int)Math.Min(left, buffer.Length));
                if (read <= 0)
                {
                    throw new GgufStructureException("the file ends early");
                }
                left -= read;
            }
        }
        Position += count;
    }

    private Span<byte> Fill(int count)
    {
        Read(_scratch.AsSpan(0, count));
        return _scratch.AsSpan(0, count);
    }

    private void Read(Span<byte> buffer)
    {
        if (buffer.Length > Remaining || _stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false) != buffer.Length)
        {
            throw new GgufStructureException("the file ends early");
        }
        Position += buffer.Length;
    }
}

/// <summary>The GGUF structure is broken: a read ran past the end or the metadata budget, or a type is unknown.</summary>
internal sealed class GgufStructureException(string message) : Exception(message);
