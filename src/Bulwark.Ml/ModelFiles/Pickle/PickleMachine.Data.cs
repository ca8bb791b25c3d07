using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Text;

namespace Bulwark.Ml.ModelFiles.Pickle;

/// <summary>Opcodes that push constants: numbers, strings, bytes, buffers.</summary>
internal sealed partial class PickleMachine
{
    /// <summary>Strings longer than this keep only their start.</summary>
    private const int MaxKeptString = 1 << 14;

    /// <summary>Bytes values up to this size are kept whole (for nested pickles); longer ones keep their start.</summary>
    private const int MaxKeptBytes = 1 << 20;

    private const int BytesHead = 512;

    private static readonly PickleInt[] SmallInts = Enumerable.Range(0, 256).Select(i => new PickleInt(i)).ToArray();

    /// <summary>
    /// Integers below 65536 (ids, counts, categories repeat across the records of data pickles), made on first use
    /// and shared by every scan: they are immutable, so racing scans at worst make one twice.
    /// </summary>
    private static readonly PickleInt?[] SharedInts = new PickleInt?[1 << 16];

[MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool ExecuteData(PickleOpcode opcode)
    {
        switch (opcode)
        {
            case PickleOpcode.Int:
                var line = ReadLine(out var clipped);
                if (!clipped && line.Length == 2 && line[0] == '0' && line[1] is (byte)'0' or (byte)'1')
                {
                    Push(line[1] == '1' ? PickleValue.True : PickleValue.False);
                }
                else
                {
                    Push(clipped ? PickleInt.TooLarge : PickleText.TryParseInt(line, out var value) ? Int(value) : throw Invalid("not an integer"));
                }
                break;
            case PickleOpcode.Long:
                var longLine = ReadLine(out var longClipped);
                if (longLine.Length > 0 && longLine[^1] == 'L')
                {
                    longLine = longLine[..^1];
                }
                Push(longClipped ? PickleInt.TooLarge : PickleText.TryParsePythonInt(longLine, out var longValue) ? Int(longValue) : throw Invalid("not an integer"));
                break;
            case PickleOpcode.BinInt:
                Push(Int(BinaryPrimitives.ReadInt32LittleEndian(Read(4))));
                break;
            case PickleOpcode.BinInt1:
                Push(SmallInts[ReadByte()]);
                break;
            case PickleOpcode.BinInt2:
                Push(Int(BinaryPrimitives.ReadUInt16LittleEndian(Read(2))));
                break;
            case PickleOpcode.Long1:
                Push(TwosComplement(ReadByte()));
                break;
            case PickleOpcode.Long4:
                var size = BinaryPrimitives.ReadInt32LittleEndian(Read(4));
                Push(size < 0 ? throw Invalid("negative byte count") : TwosComplement(size));
                break;
            case PickleOpcode.Float:
                var floatLine = ReadLine(out _);
                Push(PickleText.TryParseFloat(floatLine, out var number) ? new PickleConstant(number) : new PickleUnknown("float"));
                break;
            case PickleOpcode.BinFloat:
                Push(new PickleConstant(BinaryPrimitives.ReadDoubleBigEndian(Read(8))));
                break;
            case PickleOpcode.String:
                var quoted = ReadLine(out var quotedClipped);
                if (quotedClipped)
                {
                    Push(new PickleString(Encoding.Latin1.GetString(quoted[1..]), truncated: true));
                }
                else
                {
                    Push(PickleText.TryDecodeQuoted(quoted, out var text) ? new PickleString(text, false) : throw Invalid("the STRING argument must be quoted"));
                }
                break;
            case PickleOpcode.Unicode:
                var raw = ReadLine(out var rawClipped);
                Push(new PickleString(PickleText.DecodeRawUnicodeEscape(raw), rawClipped));
                break;
            case PickleOpcode.BinString:
                var binLength = BinaryPrimitives.ReadInt32LittleEndian(Read(4));
                Push(binLength < 0 ? throw Invalid("negative byte count") : ReadString(binLength, Encoding.Latin1));
                break;
            case PickleOpcode.ShortBinString:
                Push(ReadString(ReadByte(), Encoding.Latin1));
                break;
            case PickleOpcode.BinUnicode:
                Push(ReadString(BinaryPrimitives.ReadUInt32LittleEndian(Read(4)), Encoding.UTF8));
                break;
            case PickleOpcode.ShortBinUnicode:
                Push(ReadString(ReadByte(), Encoding.UTF8));
                break;
            case PickleOpcode.BinUnicode8:
                Push(ReadString(ReadLength64(), Encoding.UTF8));
                break;
            case PickleOpcode.BinBytes:
                Push(ReadBytes(BinaryPrimitives.ReadUInt32LittleEndian(Read(4))));
                break;
            case PickleOpcode.ShortBinBytes:
                Push(ReadBytes(ReadByte()));
                break;
            case PickleOpcode.BinBytes8:
            case PickleOpcode.ByteArray8:
                Push(ReadBytes(ReadLength64()));
                break;
            case PickleOpcode.NextBuffer:
                Push(new PickleUnknown("out-of-band buffer"));
                break;
            case PickleOpcode.ReadOnlyBuffer:
                Top();
                break;
            default:
                return false;
        }
        return true;
    }

    private static PickleInt Int(long? value) => value switch
    {
        null => PickleInt.TooLarge,
        >= 0 and < 256 => SmallInts[value.Value],
        >= 0 and < 1 << 16 => SharedInts[value.Value] ??= new PickleInt(value.Value),
        _ => new PickleInt(value.Value),
    };

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private byte ReadByte() => reader.TryReadByte(out var value) ? value : throw Truncated();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ReadOnlySpan<byte> Read(int count) => reader.TryRead(count, out var bytes) ? bytes : throw Truncated();

    private ulong ReadUInt64() => BinaryPrimitives.ReadUInt64LittleEndian(Read(8));

    private long ReadLength64()
    {
        var length = ReadUInt64();
        return length > long.MaxValue ? throw Invalid("length too large") : (long)length;
    }

    private ReadOnlySpan<byte> ReadLine(out bool clipped) =>
        reader.TryReadLine(out var line, out clipped) ? line : throw Truncated();

    private PickleInt TwosComplement(int size)
    {
        if (size > 8)
        {
            SkipExactly(size, []);
            return PickleInt.TooLarge;
        }
        var bytes = Read(size);
        long value = size > 0 && (sbyte)bytes[^1] < 0 ? -1 : 0;
        for (var i = size - 1; i >= 0; i--)
        {
            value = (value << 8) | bytes[i];
        }
        return Int(value);
    }

    private PickleString ReadString(long length, Encoding encoding)
    {
        if (length <= MaxKeptString)
        {
            return new PickleString(encoding.GetString(Read((int)length)), false);
        }
        var head = ArrayPool<byte>.Shared.Rent(MaxKeptString);
        try
        {
            SkipExactly(length, head.AsSpan(0, MaxKeptString));
            return new PickleString(encoding.GetString(head, 0, MaxKeptString), truncated: true);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(head);
        }
    }

    private PickleBytes ReadBytes(long length)
    {
        if (length <= BytesHead)
        {
            return new PickleBytes(Read((int)length).ToArray(), length);
        }
        if (length <= MaxKeptBytes && !session.Quiet && session.TryRetain(length))
        {
            var whole = ArrayPool<byte>.Shared.Rent((int)length);
            try
            {
                SkipExactly(length, whole.AsSpan(0, (int)length));
                return new PickleBytes(whole.AsSpan(0, (int)length).ToArray(), length);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(whole);
            }
        }
        var head = new byte[BytesHead];
        SkipExactly(length, head);
        return new PickleBytes(head, length);
    }

    private void SkipExactly(long length, Span<byte> keep)
    {
        if (reader.Skip(length, keep) != length)
        {
            throw Truncated();
        }
    }
}
